package dev.aisle.storage.s3;

/**
 * A model version that will not be loaded because it does not fit this container's memory budget
 * ({@link ModelMemoryBudget}); the model served so far stays. Already logged and counted.
 */
public final class ModelRefusedException extends RuntimeException {

  private final String version;

  public ModelRefusedException(String version, long neededBytes, long budgetBytes) {
    super(
        "model "
            + version
            + " needs about "
            + neededBytes
            + " bytes, over the budget of "
            + budgetBytes);
    this.version = version;
  }

  public String version() {
    return version;
  }
}
