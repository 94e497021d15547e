package io.costfleet.worker.support;

import io.costfleet.importer.ImportMain;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * The {@code main} convention of every worker app:
 *
 * <pre>
 * java -jar worker-X-exec.jar sim [options]     the module's provider simulator, standalone (no Spring)
 * java -jar worker-X-exec.jar import [options]  costfleet import: local export files, no broker/Redis/cloud
 * java -jar worker-X-exec.jar [spring args]     the worker (Spring Boot)
 * </pre>
 */
public final class WorkerMain {
  /** A command run without Spring. */
  @FunctionalInterface
  public interface Command {
    void run(String[] args) throws Exception;
  }

  private WorkerMain() {}

  /**
   * Dispatches {@code args}.
   *
   * @param application the worker's {@code @SpringBootApplication} class
   * @param simulator   the module's simulator command ({@code sim ...})
   * @param importer    the import command ({@code import ...}), or null for the shared one
   *                    ({@link ImportMain}: every {@code ExportFormat} on the class path)
   */
  public static void run(Class<?> application, String[] args, Command simulator, Command importer) throws Exception {
    String first = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (first) {
      case "sim" -> simulator.run(rest);
      case "import" -> {
        if (importer == null) {
          System.exit(ImportMain.run(rest));
        }
        importer.run(rest);
      }
      default -> SpringApplication.run(application, args);
    }
  }
}
