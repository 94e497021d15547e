package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.model.CostRecord;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.SchemaException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Newline-delimited and array JSON export files, plain and gzip, through the registered format. */
class GcpExportFormatTest {
  @TempDir Path dir;

  static String bqExtractLine() throws Exception {
    ObjectNode row = GcpBillingNormalizerTest.row();
    row.put("usage_start_time", "2026-10-05 10:00:00 UTC").put("usage_end_time", "2026-10-05 11:00:00 UTC")
        .put("export_time", "2026-10-05 14:03:00.123 UTC");
    return row.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<Object> read(Path file) throws Exception {
    List<Object> out = new ArrayList<>();
    ExportFormat format = GcpBillingNormalizerSamplesTest.gcpFormat();
    assertThat(format.recognizes(file)).as(file.getFileName().toString()).isTrue();
    try (ExportFormat.ExportFile export = format.open(file)) {
      for (Object o : (Iterable<Object>) export) {
        RawRecord r = (RawRecord) o;
        NormalizeResult result = export.normalizer().normalize(r, null);
        out.add(result instanceof NormalizeResult.Accepted a ? a.records() : result);
      }
    }
    return out;
  }

  @Test
  void readsNewlineDelimitedJsonWithBlankLinesAndAnUnparsableLine() throws Exception {
    Path file = dir.resolve("billing.jsonl");
    Files.writeString(file, bqExtractLine() + "\n\n" + bqExtractLine() + "\n{broken\n");
    List<Object> rows = read(file);
    assertThat(rows).hasSize(3);
    @SuppressWarnings("unchecked")
    List<CostRecord> first = (List<CostRecord>) rows.get(0);
    assertThat(first).hasSize(3);
    assertThat(first.get(0).xSourcePosition()).isEqualTo("billing.jsonl:1");
    assertThat(first.get(0).billedCost()).isEqualByComparingTo("12.345678");
    assertThat(((List<?>) rows.get(1))).hasSize(3);
    assertThat(rows.get(2)).isInstanceOf(NormalizeResult.Rejected.class);
  }

  @Test
  void readsAGzippedJsonArray() throws Exception {
    Path file = dir.resolve("billing.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("[" + bqExtractLine() + ",\n" + bqExtractLine() + "]").getBytes(StandardCharsets.UTF_8));
    }
    List<Object> rows = read(file);
    assertThat(rows).hasSize(2).allSatisfy(r -> assertThat((List<?>) r).hasSize(3));
  }

  @Test
  void aJsonFileWithoutARequiredColumnIsRefusedNamingIt() throws Exception {
    ObjectNode row = GcpBillingNormalizerTest.row();
    row.remove("currency");
    Path file = dir.resolve("no-currency.jsonl");
    Files.writeString(file, row.toString().replace("\"cost_type\"", "\"cost_type\"") + "\n");
    assertThatThrownBy(() -> GcpBillingNormalizerSamplesTest.gcpFormat().open(file))
        .isInstanceOf(SchemaException.class).hasMessageContaining("currency");
  }
}
