package io.costfleet.close.report;

import io.costfleet.close.ChargebackRow;
import io.costfleet.staging.SnappyCodecFactory;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes the chargeback dataset: {@code chargeback/billing_period=P/business_unit=BU/part-00000.parquet},
 * rows in {@link ChargebackRow#ORDER}, at most {@value #ROWS_PER_FILE} rows a file. Output is
 * deterministic (same rows, same bytes). The period's directory is replaced as a whole: the new one
 * is written under a hidden name and renamed into place, so readers never see half a close.
 *
 * <p>Columns: BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd (the day),
 * x_BusinessUnit, x_CostCenter, ProviderName, x_Provider, ServiceCategory, ServiceName,
 * x_AllocationRule, x_AllocationMethod, x_AllocationVersion, BillingCurrency (the base currency),
 * BilledCost, EffectiveCost (DECIMAL(38,18)).
 */
public final class ChargebackParquetWriter {
  static final int ROWS_PER_FILE = 1_000_000;
  static final MessageType SCHEMA = Types.buildMessage()
      .addField(ts("BillingPeriodStart")).addField(ts("BillingPeriodEnd"))
      .addField(ts("ChargePeriodStart")).addField(ts("ChargePeriodEnd"))
      .addField(str("x_BusinessUnit")).addField(str("x_CostCenter"))
      .addField(str("ProviderName")).addField(str("x_Provider"))
      .addField(str("ServiceCategory")).addField(str("ServiceName"))
      .addField(str("x_AllocationRule")).addField(str("x_AllocationMethod")).addField(str("x_AllocationVersion"))
      .addField(str("BillingCurrency"))
      .addField(dec("BilledCost")).addField(dec("EffectiveCost"))
      .named("Chargeback");

  private ChargebackParquetWriter() {}

  /** Replaces the period's chargeback partition with these rows; returns the files written. */
  public static List<Path> write(StagingLayout layout, YearMonth period, List<ChargebackRow> rows) throws IOException {
    Path root = layout.chargebackRoot();
    Path target = root.resolve("billing_period=" + period);
    Path tmp = root.resolve(".tmp-billing_period=" + period + "-" + UUID.randomUUID());
    Map<String, List<ChargebackRow>> byUnit = new LinkedHashMap<>();
    rows.stream().sorted(ChargebackRow.ORDER).forEach(r -> byUnit.computeIfAbsent(r.businessUnit(), k -> new ArrayList<>()).add(r));
    List<String> written = new ArrayList<>();
    try {
      Files.createDirectories(tmp);
      for (Map.Entry<String, List<ChargebackRow>> e : byUnit.entrySet()) {
        String unitDir = layout.chargebackDir(period, e.getKey()).getFileName().toString();
        List<ChargebackRow> unitRows = e.getValue();
        for (int part = 0, from = 0; from < unitRows.size(); part++, from += ROWS_PER_FILE) {
          String name = unitDir + "/" + String.format("part-%05d.parquet", part);
          Path file = tmp.resolve(name);
          Files.createDirectories(file.getParent());
          writeFile(file, unitRows.subList(from, Math.min(unitRows.size(), from + ROWS_PER_FILE)));
          written.add(name);
        }
      }
      Path old = null;
      if (Files.exists(target)) {
        old = root.resolve(".old-billing_period=" + period + "-" + UUID.randomUUID());
        move(target, old);
      }
      move(tmp, target);
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      deleteTree(tmp);
    }
    return written.stream().map(target::resolve).toList();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void writeFile(Path file, List<ChargebackRow> rows) throws IOException {
    try (ParquetWriter<ChargebackRow> w = new Builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(new SnappyCodecFactory())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withDictionaryEncoding(true)
        .withPageWriteChecksumEnabled(false)
        .build()) {
      for (ChargebackRow r : rows) {
        w.write(r);
      }
    }
  }

  private static org.apache.parquet.schema.Type ts(String name) {
    return Types.optional(PrimitiveTypeName.INT64)
        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
  }

  private static org.apache.parquet.schema.Type str(String name) {
    return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
  }

  private static org.apache.parquet.schema.Type dec(String name) {
    return Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
        .as(LogicalTypeAnnotation.decimalType(18, 38)).named(name);
  }

  private static final class Builder extends ParquetWriter.Builder<ChargebackRow, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ChargebackRow> getWriteSupport(Configuration conf) {
      return new RowWriteSupport();
    }

    @Override
    protected WriteSupport<ChargebackRow> getWriteSupport(ParquetConfiguration conf) {
      return new RowWriteSupport();
    }
  }

  private static final class RowWriteSupport extends WriteSupport<ChargebackRow> {
    private RecordConsumer consumer;
    private int field;

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(SCHEMA, Map.of("costfleet.schema", "chargeback-1"));
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, Map.of("costfleet.schema", "chargeback-1"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      consumer = recordConsumer;
    }

    @Override
    public void write(ChargebackRow r) {
      consumer.startMessage();
      field = 0;
      LocalDate first = r.period().atDay(1);
      timestamp(first);
      timestamp(r.period().plusMonths(1).atDay(1));
      timestamp(r.day());
      timestamp(r.day().plusDays(1));
      string(r.businessUnit());
      string(r.costCenter());
      string(r.providerName());
      string(r.provider());
      string(r.serviceCategory());
      string(r.serviceName());
      string(r.allocationRule());
      string(r.allocationMethod());
      string(r.allocationVersion());
      string(r.currency());
      decimal(r.billedCost());
      decimal(r.effectiveCost());
      consumer.endMessage();
    }

    private void timestamp(LocalDate day) {
      Instant t = day.atStartOfDay().toInstant(ZoneOffset.UTC);
      put(() -> consumer.addLong(Math.multiplyExact(t.getEpochSecond(), 1_000_000L)));
    }

    private void string(String v) {
      if (v == null) {
        field++;
        return;
      }
      put(() -> consumer.addBinary(Binary.fromString(v)));
    }

    private void decimal(BigDecimal v) {
      BigInteger unscaled = v.setScale(18, RoundingMode.HALF_EVEN).unscaledValue();
      byte[] raw = unscaled.toByteArray();
      if (raw.length > 16) {
        throw new IllegalArgumentException("amount " + v.toPlainString() + " exceeds DECIMAL(38,18)");
      }
      byte[] out = new byte[16];
      byte pad = unscaled.signum() < 0 ? (byte) 0xff : 0;
      int offset = 16 - raw.length;
      for (int i = 0; i < offset; i++) {
        out[i] = pad;
      }
      System.arraycopy(raw, 0, out, offset, raw.length);
      put(() -> consumer.addBinary(Binary.fromConstantByteArray(out)));
    }

    private void put(Runnable value) {
      String name = SCHEMA.getFieldName(field);
      consumer.startField(name, field);
      value.run();
      consumer.endField(name, field);
      field++;
    }
  }
}
