package dev.aisle.api.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.api.error.Unavailability;
import dev.aisle.api.error.UnavailableException;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ShopperExport;
import dev.aisle.validation.Violation;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /users/export?userId=U[&after=EVENT_ID]}: everything the tables store about one
 * shopper ({@link ShopperExport}): their events (pages of {@value #PAGE} events, {@code nextAfter}
 * names the next page's start), their user-state row and their users row. A write route: the API
 * key, IAM or JWT authorization of {@code POST /events} (the shop's backend answers the shopper's
 * access request, not the storefront). An unknown shopper: 200 with no events and null rows. Bad
 * ids: 400.
 */
@ApplicationScoped
public class UserExportFunction {

  /** About 0.5 MB of JSON: well within a Lambda response (6 MB). */
  static final int PAGE = 1_000;

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final ShopperExport export;

  UserExportFunction(DynamoDbClient dynamo, AisleSettings settings) {
    this.export = new ShopperExport(dynamo, settings, PAGE);
  }

  @Funq("users/export")
  public ObjectNode export(UserExportRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (!request.validate(violations)) {
      throw BadRequestException.invalid(violations);
    }
    try {
      return export.export(request.getUserId(), Optional.ofNullable(request.getAfter()));
    } catch (RuntimeException e) {
      if (!Unavailability.isTransient(e)) {
        throw e;
      }
      throw new UnavailableException(
          "the shopper's tables are not available; send the same request again", RETRY_AFTER, e);
    }
  }
}
