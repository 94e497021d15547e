package io.costfleet.staging;

import io.costfleet.model.CostRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes FOCUS Parquet files of {@link CostRecord}s with parquet-java and no Hadoop at runtime
 * (a {@link LocalOutputFile}, a plain configuration and snappy-java compression). Output is
 * deterministic: the same records in the same order give byte-identical files.
 */
public final class ParquetRecordWriter implements AutoCloseable {
  private final ParquetWriter<CostRecord> writer;
  private long rows;

  private ParquetRecordWriter(ParquetWriter<CostRecord> writer) {
    this.writer = writer;
  }

  /** Opens a writer on a path (overwriting it). Prefer {@link #writeAtomically} for staging files. */
  public static ParquetRecordWriter open(Path path, Map<String, String> metadata) throws IOException {
    ParquetWriter<CostRecord> w = new Builder(new LocalOutputFile(path), metadata)
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(new SnappyCodecFactory())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withDictionaryEncoding(true)
        .withPageWriteChecksumEnabled(false)
        .build();
    return new ParquetRecordWriter(w);
  }

  /** Writes the records to {@code target} under a temporary name, then renames it into place. */
  public static void writeAtomically(Path target, Iterable<CostRecord> records, Map<String, String> metadata)
      throws IOException {
    AtomicFiles.write(target, tmp -> {
      try (ParquetRecordWriter w = open(tmp, metadata)) {
        for (CostRecord r : records) {
          w.write(r);
        }
      }
    });
  }

  public void write(CostRecord record) throws IOException {
    writer.write(record);
    rows++;
  }

  public long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** Unchecked variant of {@link #close()} for streams. */
  public void closeUnchecked() {
    try {
      close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<CostRecord, Builder> {
    private final Map<String, String> metadata;

    Builder(OutputFile file, Map<String, String> metadata) {
      super(file);
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<CostRecord> getWriteSupport(Configuration conf) {
      return new CostRecordWriteSupport(metadata);
    }

    @Override
    protected WriteSupport<CostRecord> getWriteSupport(ParquetConfiguration conf) {
      return new CostRecordWriteSupport(metadata);
    }
  }
}
