package dev.aisle.csv;

/** A CSV file that cannot be read as its kind requires; the message names the file and the line. */
public class CsvFormatException extends IllegalArgumentException {

  public CsvFormatException(String message) {
    super(message);
  }

  public CsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
