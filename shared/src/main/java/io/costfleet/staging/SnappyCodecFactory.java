package io.costfleet.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet compression over snappy-java and zstd-jni, without Hadoop's codec classes. Supports
 * SNAPPY, ZSTD and UNCOMPRESSED.
 */
public final class SnappyCodecFactory implements CompressionCodecFactory {

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> new Compressor(codec) {
        @Override
        byte[] apply(byte[] in) throws IOException {
          return Snappy.compress(in);
        }
      };
      case ZSTD -> new Compressor(codec) {
        @Override
        byte[] apply(byte[] in) {
          return com.github.luben.zstd.Zstd.compress(in, 3);
        }
      };
      case UNCOMPRESSED -> new Compressor(codec) {
        @Override
        byte[] apply(byte[] in) {
          return in;
        }
      };
      default -> throw new IllegalArgumentException("unsupported Parquet codec " + codec);
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        byte[] in = bytes.toByteArray();
        return switch (codec) {
          case SNAPPY -> BytesInput.from(Snappy.uncompress(in));
          case ZSTD -> BytesInput.from(com.github.luben.zstd.Zstd.decompress(in, uncompressedSize));
          case UNCOMPRESSED -> BytesInput.from(in);
          default -> throw new IOException("unsupported Parquet codec " + codec);
        };
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.get(in);
        output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private abstract static class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;

    Compressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    abstract byte[] apply(byte[] in) throws IOException;

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      return BytesInput.from(apply(bytes.toByteArray()));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }
}
