package dev.aisle.precompute.source;

import dev.aisle.storage.UserStore;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Shoppers' attributes, streamed: from the users table, or a CSV whose header is {@code user_id}
 * followed by one column per attribute ({@code user_id,country,device,channel,…}).
 */
public final class Profiles {

  public static final String USER_ID = "user_id";

  private Profiles() {}

  /**
   * Calls {@code profile} with each shopper's id and an attribute lookup (name → value, null when
   * absent); nothing for {@code none}.
   */
  public static void forEach(RecordSource source, Supplier<DynamoDbClient> dynamo,
      BiConsumer<String, Function<String, String>> profile) {
    if (source instanceof RecordSource.Table table) {
      new UserStore(dynamo.get(), table.name()).scan()
          .forEach(user -> profile.accept(user.userId(), user.attributes()::get));
    } else if (source instanceof RecordSource.CsvFile csv) {
      CsvRows.read(csv.path(), List.of(USER_ID), row -> {
        String id = row.apply(USER_ID);
        if (id == null || id.isBlank()) {
          throw new InputException(csv.path() + " line " + row.line() + ": empty " + USER_ID);
        }
        profile.accept(id, row);
      });
    }
  }
}
