package io.costfleet.worker.azure;

import io.costfleet.worker.azure.sim.AzureSimulator;
import io.costfleet.worker.support.WorkerMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The azure worker: drains {@code costfleet.jobs.azure} and runs each job through the shared runner
 * (the runtime is {@code worker-support}; this module adds the Azure sources and their simulator).
 * {@code sim ...} runs the Azure simulator standalone; {@code import ...} is reserved for the import
 * command.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AzureWorkerApplication {
  public static void main(String[] args) throws Exception {
    WorkerMain.run(AzureWorkerApplication.class, args, AzureSimulator::main, null);
  }
}
