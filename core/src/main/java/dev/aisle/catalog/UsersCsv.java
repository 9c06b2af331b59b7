package dev.aisle.catalog;

import dev.aisle.csv.CsvFormatException;
import dev.aisle.csv.CsvTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The users CSV, the one reader of it (precompute, demo): {@code user_id} followed by one column
 * per attribute ({@code user_id,country,device,channel,…}). Values are stripped; an empty value is
 * an absent attribute. An empty {@code user_id} refuses the file with its line: a profile that
 * belongs to nobody is a broken file, not a row to skip.
 */
public final class UsersCsv {

  public static final String USER_ID = "user_id";

  private UsersCsv() {}

  /** Calls {@code profile} with each row's profile, in file order, without holding the file. */
  public static void forEach(Path file, Consumer<UserProfile> profile) {
    CsvTable.read(
        file,
        List.of(USER_ID),
        row -> {
          String id = CsvTable.text(row.apply(USER_ID));
          if (id == null) {
            throw new CsvFormatException(row.where() + ": empty " + USER_ID);
          }
          Map<String, String> values = new LinkedHashMap<>();
          for (String column : row.columns()) {
            String value = CsvTable.text(row.apply(column));
            if (!column.equals(USER_ID) && value != null) {
              values.put(column, value);
            }
          }
          profile.accept(new UserProfile(id, values));
        });
  }

  public static List<UserProfile> read(Path file) {
    List<UserProfile> users = new ArrayList<>();
    forEach(file, users::add);
    return users;
  }
}
