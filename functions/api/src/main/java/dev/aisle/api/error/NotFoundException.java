package dev.aisle.api.error;

/** 404: the path, or the thing the request names (an item for {@code /similar}), does not exist. */
public class NotFoundException extends ApiException {

  public NotFoundException(String message) {
    super(404, "not_found", message);
  }
}
