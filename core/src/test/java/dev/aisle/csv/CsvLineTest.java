package dev.aisle.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvLineTest {

  @Test
  void splitsPlainAndQuotedLinesAlike() {
    assertThat(CsvLine.split("u1,i1,view,2026-01-01T00:00:00Z,"))
        .containsExactly("u1", "i1", "view", "2026-01-01T00:00:00Z", "");
    assertThat(CsvLine.split("a,\"b, c\",\"say \"\"hi\"\"\","))
        .containsExactly("a", "b, c", "say \"hi\"", "");
    assertThat(CsvLine.split("")).containsExactly("");
    assertThat(CsvLine.split(" a , b ")).containsExactly(" a ", " b ");
  }

  @Test
  void whatJoinWritesSplitReadsBack() {
    String[] fields = {"x", "y,z", "q\"", " padded ", ""};
    String line = CsvLine.join(fields);

    assertThat(line).isEqualTo("x,\"y,z\",\"q\"\"\",\" padded \",");
    assertThat(CsvLine.split(line)).containsExactly(fields);
  }

  @Test
  void anUnterminatedQuoteIsAFormatError() {
    assertThatThrownBy(() -> CsvLine.split("u1,\"i1,view"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("not a CSV line");
  }
}
