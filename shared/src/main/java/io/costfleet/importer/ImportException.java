package io.costfleet.importer;

/** An input the import cannot read, or of no known format; the message is the one-line reason. */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }
}
