package io.costfleet.source;

import io.costfleet.job.ExtractionJob;

/**
 * What a pure normalizer may know besides the raw record: the job it runs for and the version of
 * the source data (a CUR assemblyId, an export run, the extraction time) used to order restatements.
 */
public record NormalizeContext(ExtractionJob job, String sourceVersion) {}
