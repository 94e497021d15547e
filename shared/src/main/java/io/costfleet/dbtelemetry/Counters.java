package io.costfleet.dbtelemetry;

/**
 * Cumulative (or delta) statement counters.
 *
 * @param calls         statements executed
 * @param execMicros    statement execution time, microseconds
 * @param blocksRead    blocks (pages) read from storage
 * @param blocksWritten blocks (pages) written to storage
 * @param tempBlocks    temporary-file blocks read and written
 */
public record Counters(long calls, long execMicros, long blocksRead, long blocksWritten, long tempBlocks) {
  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

  public Counters {
    if (calls < 0 || execMicros < 0 || blocksRead < 0 || blocksWritten < 0 || tempBlocks < 0) {
      throw new IllegalArgumentException("counters are never negative: " + calls + "/" + execMicros + "/" + blocksRead
          + "/" + blocksWritten + "/" + tempBlocks);
    }
  }

  /** Whether any counter of this is lower than the same counter of {@code earlier} (a reset). */
  public boolean resetSince(Counters earlier) {
    return calls < earlier.calls || execMicros < earlier.execMicros || blocksRead < earlier.blocksRead
        || blocksWritten < earlier.blocksWritten || tempBlocks < earlier.tempBlocks;
  }
  /** This minus {@code earlier}; only for counters that did not go down. */
  public Counters minus(Counters earlier) {
    return new Counters(calls - earlier.calls, execMicros - earlier.execMicros, blocksRead - earlier.blocksRead,
        blocksWritten - earlier.blocksWritten, tempBlocks - earlier.tempBlocks);
  }

  public Counters plus(Counters other) {
    return new Counters(calls + other.calls, execMicros + other.execMicros, blocksRead + other.blocksRead,
        blocksWritten + other.blocksWritten, tempBlocks + other.tempBlocks);
  }

  /** Blocks read, written and temporary: the I/O measure. */
  public long ioBlocks() {
    return blocksRead + blocksWritten + tempBlocks;
  }
}
