package io.costfleet.close.allocation;

/** Where the rules put one allocation key. */
public sealed interface Placement permits Placement.Direct, Placement.Shared {

  /** Placed on one cost center by a tag or hierarchy rule, or on the unallocated cost center. */
  record Direct(String costCenter, String businessUnit, String rule, Method method) implements Placement {}

  /** Claimed by a shared rule; split later by its driver. */
  record Shared(SharedRule rule) implements Placement {}

  /** Which stage placed a cost: written as {@code x_AllocationMethod}. */
  enum Method {
    TAG, HIERARCHY, SHARED, UNALLOCATED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
