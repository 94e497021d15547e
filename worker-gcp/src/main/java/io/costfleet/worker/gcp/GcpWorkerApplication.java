package io.costfleet.worker.gcp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The gcp worker: drains {@code costfleet.jobs.gcp} and runs each job through the shared runner. */
@SpringBootApplication
public class GcpWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(GcpWorkerApplication.class, args);
  }
}
