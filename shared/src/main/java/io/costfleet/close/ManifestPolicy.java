package io.costfleet.close;

/** Which staged job directories the close reads. */
public enum ManifestPolicy {
  /**
   * Only jobs with a completion manifest count (per slice, the highest generation); directories
   * without one (running, crashed, superseded mid-way) are reported as ignored. The default: the
   * runner writes a manifest when a job's pages are durable.
   */
  REQUIRE,
  /**
   * As {@link #REQUIRE} in partitions where any job wrote a manifest; where none did, every job
   * directory is read as complete, generation 0 (staging written by tools that write no manifest).
   */
  AUTO
}
