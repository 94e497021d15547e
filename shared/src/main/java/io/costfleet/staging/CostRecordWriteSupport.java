package io.costfleet.staging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.model.CostRecord;
import io.costfleet.model.FocusColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes {@link CostRecord}s straight to Parquet columns (no intermediate objects). Money and
 * quantities are {@code DECIMAL(38,18)}; instants {@code TIMESTAMP(MICROS, UTC)}; tags a JSON
 * object string with sorted keys. Values with more than 18 fractional digits are rounded
 * HALF_EVEN at the 18th (far below a cent).
 */
final class CostRecordWriteSupport extends WriteSupport<CostRecord> {
  static final int DECIMAL_PRECISION = 38;
  static final int DECIMAL_SCALE = 18;
  static final MessageType SCHEMA = schema();
  private static final List<FocusColumn> COLUMNS = List.of(FocusColumn.values());

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> extraMetadata;
  private RecordConsumer consumer;

  CostRecordWriteSupport(Map<String, String> extraMetadata) {
    this.extraMetadata = new HashMap<>(extraMetadata);
    this.extraMetadata.put("costfleet.schema", "focus-1.2+costfleet-1");
  }

  static MessageType schema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (FocusColumn c : FocusColumn.values()) {
      Type t = switch (c.type()) {
        case STRING, TAGS -> Types.optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType()).named(c.focusName());
        case DECIMAL -> Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
            .as(LogicalTypeAnnotation.decimalType(DECIMAL_SCALE, DECIMAL_PRECISION)).named(c.focusName());
        case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.focusName());
        case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(c.focusName());
      };
      b.addField(t);
    }
    return b.named("CostAndUsage");
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(SCHEMA, extraMetadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(SCHEMA, extraMetadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(CostRecord record) {
    consumer.startMessage();
    for (int i = 0; i < COLUMNS.size(); i++) {
      FocusColumn c = COLUMNS.get(i);
      Object v = c.get(record);
      if (v == null) {
        continue;
      }
      consumer.startField(c.focusName(), i);
      switch (c.type()) {
        case STRING -> consumer.addBinary(Binary.fromString((String) v));
        case TAGS -> consumer.addBinary(Binary.fromString(tagsJson(v)));
        case DECIMAL -> consumer.addBinary(Binary.fromConstantByteArray(decimalBytes((BigDecimal) v)));
        case TIMESTAMP -> consumer.addLong(micros((Instant) v));
        case BOOLEAN -> consumer.addBoolean((Boolean) v);
      }
      consumer.endField(c.focusName(), i);
    }
    consumer.endMessage();
  }

  private String tagsJson(Object tags) {
    try {
      return json.writeValueAsString(tags);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tags cannot be written as JSON", e);
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** 16-byte big-endian two's complement of the unscaled value at scale 18. */
  static byte[] decimalBytes(BigDecimal value) {
    BigInteger unscaled = value.setScale(DECIMAL_SCALE, RoundingMode.HALF_EVEN).unscaledValue();
    byte[] raw = unscaled.toByteArray();
    if (raw.length > 16) {
      throw new IllegalArgumentException("amount " + value.toPlainString() + " exceeds DECIMAL(38,18)");
    }
    byte[] out = new byte[16];
    byte pad = unscaled.signum() < 0 ? (byte) 0xff : 0;
    int offset = 16 - raw.length;
    for (int i = 0; i < offset; i++) {
      out[i] = pad;
    }
    System.arraycopy(raw, 0, out, offset, raw.length);
    return out;
  }
}
