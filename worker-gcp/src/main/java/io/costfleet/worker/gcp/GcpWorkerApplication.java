package io.costfleet.worker.gcp;

import io.costfleet.worker.gcp.sim.GcpSimulatorMain;
import io.costfleet.worker.support.WorkerMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gcp worker: drains {@code costfleet.jobs.gcp} and runs each job through the shared runner
 * (the runtime is {@code worker-support}; this module adds the BigQuery billing export source and
 * its simulator). {@code sim ...} runs the BigQuery simulator standalone; {@code import ...} is
 * reserved for the import command.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GcpWorkerApplication {
  public static void main(String[] args) throws Exception {
    WorkerMain.run(GcpWorkerApplication.class, args, GcpSimulatorMain::run, null);
  }
}
