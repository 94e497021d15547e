package io.costfleet.worker.support;

import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;

/** Who this worker is: its provider, its id, the topology it consumes from, the wire codec. */
public record WorkerContext(Provider provider, String workerId, Topology topology, WireCodec codec) {}
