package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteRouteGuardTest {

  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "application/json                     | true",
        "Application/JSON                     | true",
        "application/json; charset=utf-8      | true",
        "application/json;charset=\"UTF-8\"   | true",
        "application/json; foo=bar            | true",
        "application/json; charset=ISO-8859-1| false",
        "application/json; charset            | false",
        "application/jsonl                    | false",
        "text/json                            | false",
        "text/plain                           | false",
        "*/*                                  | false",
        "''                                   | false",
        "NULL                                 | false",
      })
  void acceptsJsonInUtf8Only(String contentType, boolean json) {
    assertThat(WriteRouteGuard.isJson(contentType)).isEqualTo(json);
  }
}
