package io.costfleet.close;

/** Which staged job directories the close reads. */
public enum ManifestPolicy {
  /**
   * In a partition where any job wrote a completion marker, only marked jobs count (per slice, the
   * highest generation); where none did, every job directory is read as complete, generation 0.
   */
  AUTO,
  /** Only jobs with a completion marker count; unmarked directories are reported as incomplete. */
  REQUIRE
}
