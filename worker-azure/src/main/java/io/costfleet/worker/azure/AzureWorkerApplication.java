package io.costfleet.worker.azure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The azure worker: drains {@code costfleet.jobs.azure} and runs each job through the shared runner. */
@SpringBootApplication
public class AzureWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(AzureWorkerApplication.class, args);
  }
}
