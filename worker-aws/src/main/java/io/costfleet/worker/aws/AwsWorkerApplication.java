package io.costfleet.worker.aws;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The aws worker: drains {@code costfleet.jobs.aws} and runs each job through the shared runner. */
@SpringBootApplication
public class AwsWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(AwsWorkerApplication.class, args);
  }
}
