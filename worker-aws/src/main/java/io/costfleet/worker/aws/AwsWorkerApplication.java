package io.costfleet.worker.aws;

import io.costfleet.worker.aws.sim.CostExplorerSimulatorMain;
import io.costfleet.worker.aws.sim.S3SimulatorMain;
import io.costfleet.worker.support.WorkerMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The aws worker: drains {@code costfleet.jobs.aws} and runs each job through the shared runner
 * (the runtime is {@code worker-support}; this module adds the AWS sources and their simulator).
 * {@code sim ...} runs the Cost Explorer simulator standalone, {@code sim --s3 ...} the S3 simulator
 * of the CUR source; {@code import ...} is {@code costfleet import} (the shared importer with this
 * module's export formats: CUR files and Cost Explorer responses).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AwsWorkerApplication {
  public static void main(String[] args) throws Exception {
    WorkerMain.run(AwsWorkerApplication.class, args,
        sim -> {
          if (sim.length > 0 && sim[0].equals("--s3")) {
            S3SimulatorMain.run(sim);
          } else {
            CostExplorerSimulatorMain.run(sim);
          }
        }, null);
  }
}
