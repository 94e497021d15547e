package io.costfleet.worker.gcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Cloud Billing export files a user already has, for {@code costfleet import --provider gcp}:
 * flattened CSV (dotted column names, as koku writes them), newline-delimited JSON (as
 * {@code bq extract --destination_format NEWLINE_DELIMITED_JSON} writes it) and JSON arrays (as
 * {@code bq query --format json} prints them); each optionally gzip-compressed. A file lacking a
 * required column is refused with a {@code SchemaException} naming it; unknown columns are ignored.
 */
public final class GcpExportFormat implements ExportFormat {
  private static final int SNIFF = 8192;
  private final ObjectMapper json = GcpExportRows.mapper();

  @Override
  public String provider() {
    return "gcp";
  }

  @Override
  public String source() {
    return GcpBillingNormalizer.SOURCE;
  }

  @Override
  public boolean recognizes(Path file) throws IOException {
    String name = baseName(file);
    if (!(name.endsWith(".csv") || name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson"))) {
      return false;
    }
    try (InputStream in = openStream(file)) {
      String head = new String(in.readNBytes(SNIFF), StandardCharsets.UTF_8);
      return head.contains("billing_account_id") && head.contains("invoice") && head.contains("cost_type");
    }
  }

  @Override
  public ExportFile<?> open(Path file) throws IOException {
    String name = baseName(file);
    String version = Files.getLastModifiedTime(file).toInstant().toString();
    GcpBillingNormalizer normalizer = new GcpBillingNormalizer();
    if (name.endsWith(".csv")) {
      CsvReader reader = CsvReader.open(openStream(file), file.getFileName().toString());
      GcpExportColumns.requireAll(file.getFileName().toString(), reader.header().names());
      return new CsvFile(reader, new GcpCsvNormalizer(normalizer), version);
    }
    JsonFile jsonFile = new JsonFile(file, json, normalizer, version);
    jsonFile.checkSchema();
    return jsonFile;
  }

  static InputStream openStream(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  private record CsvFile(CsvReader reader, Normalizer<CsvRow> normalizer, String sourceVersion)
      implements ExportFile<CsvRow> {
    @Override
    public Iterator<RawRecord<CsvRow>> iterator() {
      Iterator<CsvRow> rows = reader.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public RawRecord<CsvRow> next() {
          CsvRow row = rows.next();
          return new RawRecord<>(row.position(), row);
        }
      };
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** JSON lines, or one JSON array of rows; a line that is not JSON is a record the normalizer rejects. */
  private static final class JsonFile implements ExportFile<JsonNode> {
    private final Path file;
    private final ObjectMapper json;
    private final GcpBillingNormalizer normalizer;
    private final String version;
    private InputStream open;

    JsonFile(Path file, ObjectMapper json, GcpBillingNormalizer normalizer, String version) {
      this.file = file;
      this.json = json;
      this.normalizer = normalizer;
      this.version = version;
    }

    void checkSchema() throws IOException {
      Iterator<RawRecord<JsonNode>> it = iterator();
      try {
        if (it.hasNext()) {
          JsonNode first = it.next().value();
          if (first.isObject()) {
            GcpExportColumns.requireAll(file.getFileName().toString(), GcpExportRows.columns(first));
          }
        }
      } finally {
        close();
      }
    }

    @Override
    public Normalizer<JsonNode> normalizer() {
      return normalizer;
    }

    @Override
    public String sourceVersion() {
      return version;
    }

    @Override
    public Iterator<RawRecord<JsonNode>> iterator() {
      try {
        close();
        open = GcpExportFormat.openStream(file);
        BufferedInputStream in = new BufferedInputStream(open, 1 << 16);
        in.mark(SNIFF);
        int c;
        do {
          c = in.read();
        } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
        in.reset();
        open = in;
        return c == '[' ? arrayRows(in) : lineRows(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Iterator<RawRecord<JsonNode>> lineRows(InputStream in) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String name = file.getFileName().toString();
      return new Iterator<>() {
        private String line;
        private long number;

        @Override
        public boolean hasNext() {
          try {
            while (line == null) {
              String next = reader.readLine();
              if (next == null) {
                return false;
              }
              number++;
              if (!next.isBlank()) {
                line = next;
              }
            }
            return true;
          } catch (IOException e) {
            throw new MalformedPayloadException("unreadable " + name + ": " + e.getMessage(), e);
          }
        }

        @Override
        public RawRecord<JsonNode> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String text = line;
          line = null;
          JsonNode node;
          try {
            node = json.readTree(text);
          } catch (IOException e) {
            node = TextNode.valueOf(text);
          }
          return new RawRecord<>(name + ":" + number, node);
        }
      };
    }

    private Iterator<RawRecord<JsonNode>> arrayRows(InputStream in) throws IOException {
      JsonParser parser = json.getFactory().createParser(in);
      String name = file.getFileName().toString();
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new MalformedPayloadException(name + " is not a JSON array of rows");
      }
      return new Iterator<>() {
        private JsonToken token;
        private long index;

        @Override
        public boolean hasNext() {
          try {
            if (token == null) {
              token = parser.nextToken();
            }
            return token != null && token != JsonToken.END_ARRAY;
          } catch (IOException e) {
            throw new MalformedPayloadException("unreadable JSON in " + name + ": " + e.getMessage(), e);
          }
        }

        @Override
        public RawRecord<JsonNode> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          token = null;
          try {
            JsonNode node = json.readTree(parser);
            return new RawRecord<>(name + ":[" + index++ + "]", node);
          } catch (IOException e) {
            throw new MalformedPayloadException("unreadable JSON in " + name + ": " + e.getMessage(), e);
          }
        }
      };
    }

    @Override
    public void close() throws IOException {
      if (open != null) {
        open.close();
        open = null;
      }
    }
  }
}
