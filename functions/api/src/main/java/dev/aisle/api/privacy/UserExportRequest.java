package dev.aisle.api.privacy;

import dev.aisle.validation.Ids;
import dev.aisle.validation.Violation;
import java.util.List;

/**
 * The query of {@code GET /users/export?userId=U[&after=EVENT_ID]}. A mutable bean because Funqy
 * binds query parameters through setters.
 */
public class UserExportRequest {

  private String userId;
  private String after;

  /** Adds a violation per bad parameter; true when the request can be answered. */
  boolean validate(List<Violation> violations) {
    String problem = Ids.problem(userId);
    if (problem != null) {
      violations.add(Violation.ofRequest("userId", problem));
    }
    if (after != null && Ids.problem(after) != null) {
      violations.add(Violation.ofRequest("after", Ids.problem(after)));
    }
    return violations.isEmpty();
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getAfter() {
    return after;
  }

  public void setAfter(String after) {
    this.after = after;
  }
}
