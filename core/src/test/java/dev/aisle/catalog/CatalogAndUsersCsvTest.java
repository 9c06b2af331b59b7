package dev.aisle.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.csv.CsvFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogAndUsersCsvTest {

  @TempDir Path dir;

  @Test
  void readsACatalogByHeaderNameAndWritesWhatItReads() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("catalog.csv"),
            String.join(
                "\n",
                "item_id,title,category,price,tags,available",
                "i1,\"Tent, 2 people\",outdoor,199.5,camping|summer,",
                " i2 ,,,,,false",
                "i1,Tent,outdoor,180,,yes",
                ""));

    Map<String, Item> items = CatalogCsv.read(file);

    assertThat(items.keySet()).containsExactly("i1", "i2");
    assertThat(items.get("i1"))
        .isEqualTo(new Item("i1", "Tent", "outdoor", 180.0, List.of(), true));
    assertThat(items.get("i2")).isEqualTo(new Item("i2", null, null, null, List.of(), false));

    Path copy = dir.resolve("copy.csv");
    Map<String, Item> written =
        Map.of("i3", new Item("i3", "Mug, blue", "kitchen", 7.5, List.of("a", "b"), true));
    CatalogCsv.write(copy, written.values());
    assertThat(CatalogCsv.read(copy)).isEqualTo(written);
  }

  @Test
  void aCatalogRowWithoutAnIdOrWithABadPriceRefusesTheFile() throws Exception {
    Path blank =
        Files.writeString(
            dir.resolve("blank.csv"), "item_id,title,category,price\ni1,a,b,1\n ,a,b,1\n");
    Path price =
        Files.writeString(dir.resolve("price.csv"), "item_id,title,category,price\ni1,a,b,-3\n");
    Path header = Files.writeString(dir.resolve("header.csv"), "id,title\ni1,a\n");

    assertThatThrownBy(() -> CatalogCsv.read(blank))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(blank + " line 3: empty item_id");
    assertThatThrownBy(() -> CatalogCsv.read(price))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 2: price '-3' is not a non-negative number");
    assertThatThrownBy(() -> CatalogCsv.read(header))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("the header has no column item_id");
  }

  @Test
  void readsUsersWithTheirNonEmptyAttributes() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("users.csv"), "user_id,country,device\nu1,DE, mobile \nu2,,desktop\nu3\n");

    assertThat(UsersCsv.read(file))
        .containsExactly(
            new UserProfile("u1", Map.of("country", "DE", "device", "mobile")),
            new UserProfile("u2", Map.of("device", "desktop")),
            new UserProfile("u3", Map.of()));
  }

  @Test
  void aUserRowWithoutAnIdRefusesTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("users.csv"), "user_id,country\nu1,DE\n,FR\n");

    assertThatThrownBy(() -> UsersCsv.read(file))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(file + " line 3: empty user_id");
  }
}
