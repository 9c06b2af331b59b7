package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.csv.CsvLine;
import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @TempDir Path dir;

  @Test
  void splitsQuotedFieldsAndQuotesWhatNeedsIt() {
    assertThat(CsvLine.split("a,\"b, c\",\"say \"\"hi\"\"\","))
        .containsExactly("a", "b, c", "say \"hi\"", "");
    assertThat(CsvLine.join("x", "y,z", "q\"")).isEqualTo("x,\"y,z\",\"q\"\"\"");
  }

  @Test
  void readsInteractionsAndCountsRowsItCannotRead() throws Exception {
    Path file = dir.resolve("i.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "user_id,item_id,event_type,timestamp,value",
            "u1,i1,view,2026-01-01T10:00:00Z,",
            "u1,i2,purchase,2026-01-01T10:05:00+01:00,2",
            "u2,i3,Add_To_Cart,1767261600,",
            "u2,i3,wishlist,2026-01-01T10:00:00Z,",
            "u2,i3,view,yesterday,",
            "u2,i3,rating,2026-01-01T10:00:00Z,five",
            "only,three,fields",
            ""));
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = new ArrayList<>();
    InteractionsCsv.read(file, report, rows::add);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).timestamp())
        .isEqualTo(java.time.Instant.parse("2026-01-01T09:05:00Z").toEpochMilli());
    assertThat(rows.get(1).value()).isEqualTo(2.0);
    assertThat(rows.get(2).type()).isEqualTo(EventType.ADD_TO_CART);
    assertThat(rows.get(2).timestamp()).isEqualTo(1_767_261_600_000L);
    assertThat(report.readRows()).isEqualTo(7);
    assertThat(report.invalid())
        .containsEntry("unknown_event_type", 1L)
        .containsEntry("bad_timestamp", 1L)
        .containsEntry("bad_value", 1L)
        .containsEntry("malformed_row", 1L);

    Path copy = dir.resolve("copy.csv");
    InteractionsCsv.write(copy, rows);
    List<Interaction> again = new ArrayList<>();
    InteractionsCsv.read(copy, new HygieneReport(), again::add);
    assertThat(again).isEqualTo(rows);
  }
}
