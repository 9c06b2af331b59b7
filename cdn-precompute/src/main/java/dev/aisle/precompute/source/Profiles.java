package dev.aisle.precompute.source;

import dev.aisle.catalog.UsersCsv;
import dev.aisle.csv.CsvFormatException;
import dev.aisle.storage.dynamo.UserStore;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Shoppers' attributes, streamed: from the users table, or a CSV whose header is {@code user_id}
 * followed by one column per attribute ({@code user_id,country,device,channel,…}).
 */
public final class Profiles {

  public static final String USER_ID = UsersCsv.USER_ID;

  private Profiles() {}

  /**
   * Calls {@code profile} with each shopper's id and an attribute lookup (name → value, null when
   * absent); nothing for {@code none}.
   */
  public static void forEach(
      RecordSource source,
      Supplier<DynamoDbClient> dynamo,
      BiConsumer<String, Function<String, String>> profile) {
    if (source instanceof RecordSource.Table table) {
      new UserStore(dynamo.get(), table.name())
          .scan()
          .forEach(user -> profile.accept(user.userId(), user.attributes()::get));
    } else if (source instanceof RecordSource.CsvFile csv) {
      try {
        UsersCsv.forEach(csv.path(), user -> profile.accept(user.userId(), user.attributes()::get));
      } catch (CsvFormatException e) {
        throw new InputException(e.getMessage(), e);
      }
    }
  }
}
