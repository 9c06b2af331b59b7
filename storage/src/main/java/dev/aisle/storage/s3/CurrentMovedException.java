package dev.aisle.storage.s3;

import java.util.Optional;

/**
 * CURRENT no longer holds what this writer read before deciding: another trainer run (or a
 * rollback) moved it in between. The conditional write was refused, so the other writer's choice
 * stands; nothing was overwritten.
 */
public final class CurrentMovedException extends RuntimeException {

  private final String attempted;

  public CurrentMovedException(
      String where, Optional<String> expected, Optional<String> now, String attempted) {
    super(
        where
            + "CURRENT moved from "
            + expected.orElse("(none)")
            + " to "
            + now.orElse("(none)")
            + " while this run was pointing it at "
            + attempted
            + ": not overwriting; the run that moved it won (run again to compare against it)");
    this.attempted = attempted;
  }

  /** The version this writer wanted CURRENT to name. */
  public String attempted() {
    return attempted;
  }
}
