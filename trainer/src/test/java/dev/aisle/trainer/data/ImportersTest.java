package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset importers on tiny files in each dataset's own layout. */
class ImportersTest {

  @TempDir Path dir;

  @Test
  void uciRetailKeepsPurchasesOfProductsInUkTime() throws Exception {
    Files.writeString(
        dir.resolve("interactions-2011-06.csv"),
        String.join(
            "\n",
            "customer_id,stock_code,invoice_no,invoice_date,quantity,unit_price",
            "13313,22386,539993,2011-06-04 10:00,10,1.95",
            "13313,22386,C539994,2011-06-04 11:00,-10,1.95",
            "13313,POST,539993,2011-06-04 10:00,1,18.00",
            "13313,gift_0001_20,539993,2011-06-04 10:00,1,20.00",
            "14000,21499,539995,not a date,2,0.42",
            ""));
    Files.writeString(
        dir.resolve("items.csv"), "stock_code,description\n22386,\"JUMBO BAG, PINK\"\n");
    LoadedData data = UciRetailImporter.load(dir);
    assertThat(data.interactions())
        .containsExactly(
            new Interaction(
                "13313",
                "22386",
                EventType.PURCHASE,
                Instant.parse("2011-06-04T09:00:00Z").toEpochMilli(),
                10));
    assertThat(data.report().dropped())
        .containsEntry("cancellation", 1L)
        .containsEntry("non_product_code", 2L);
    assertThat(data.report().invalid()).containsEntry("bad_timestamp", 1L);
    assertThat(data.catalog().get("22386").title()).isEqualTo("JUMBO BAG, PINK");
    assertThat(data.catalog().get("22386").price()).isEqualTo(1.95);
  }

  @Test
  void lastFmTurnsPlaysIntoQuantitiesAndTagsIntoCategories() throws Exception {
    Files.writeString(
        dir.resolve("user_artists.dat"),
        "userID\tartistID\tweight\n2\t51\t13883\n2\t52\t0\n3\t51\t7\n");
    Files.writeString(
        dir.resolve("artists.dat"), "id\tname\turl\tpictureURL\n51\tDuran Duran\tu\tp\n");
    Files.writeString(dir.resolve("tags.dat"), "tagID\ttagValue\n1\tnew wave\n2\tpop\n");
    Files.writeString(
        dir.resolve("user_taggedartists.dat"),
        "userID\tartistID\ttagID\tday\tmonth\tyear\n2\t51\t1\t1\t4\t2009\n3\t51\t1\t1\t4\t2009\n3\t51\t2\t1\t4\t2009\n");
    LoadedData data = LastFmImporter.load(dir);
    assertThat(data.interactions()).hasSize(2);
    assertThat(data.interactions().get(0).value()).isEqualTo(13883);
    assertThat(data.report().invalid()).containsEntry("bad_value", 1L);
    assertThat(data.catalog().get("51").category()).isEqualTo("new wave");
    assertThat(data.catalog().get("51").title()).isEqualTo("Duran Duran");
  }

  @Test
  void movieLensReadsTabsDoubleColonsAndCsv() throws Exception {
    Path file = dir.resolve("ratings.csv");
    Files.writeString(
        file,
        "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1::1029::3::1260759179\n2\t10\t4\t835355493\nbad\n");
    LoadedData data = MovieLensImporter.load(file);
    assertThat(data.interactions())
        .extracting(Interaction::itemId)
        .containsExactly("31", "1029", "10");
    assertThat(data.interactions()).allMatch(i -> i.type() == EventType.RATING);
    assertThat(data.interactions().get(0).timestamp()).isEqualTo(1_260_759_144_000L);
    assertThat(data.report().invalid()).containsEntry("malformed_row", 1L);
  }
}
