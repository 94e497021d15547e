package io.costfleet.state;

/**
 * The worker no longer holds the job's lease (it expired, or a newer holder has a higher fencing
 * token): it must stop writing. The newer holder finishes the job, so the stale delivery is
 * dropped, neither retried nor dead-lettered.
 */
public class LeaseLostException extends RuntimeException {
  public LeaseLostException(String message) {
    super(message);
  }
}
