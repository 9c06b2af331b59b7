package dev.aisle.api.serving;

import dev.aisle.api.error.BadRequestException;
import dev.aisle.api.error.NotFoundException;
import dev.aisle.validation.Violation;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /similar?itemId=I[&k=10]} → {@link SimilarResponse}: the item's neighbours by factor
 * cosine blended with content similarity. k is 1..100 (default 10). An item neither the model nor
 * the catalog knows: 404.
 */
@ApplicationScoped
public class SimilarFunction {

  private final SimilarItemsFinder finder;

  SimilarFunction(SimilarItemsFinder finder) {
    this.finder = finder;
  }

  @Funq("similar")
  public SimilarResponse similar(SimilarRequest request) {
    List<Violation> violations = new ArrayList<>();
    SimilarRequest.Query query = request.validate(violations);
    if (query == null) {
      throw BadRequestException.invalid(violations);
    }
    return finder
        .similar(query)
        .orElseThrow(() -> new NotFoundException("unknown item: " + query.itemId()));
  }
}
