package io.costfleet.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the demo runs and what it runs: the repository (jars), its run directory (logs, configs,
 * storage root, reports), the period, and the isolation of its fleet (topology namespace and Redis
 * key prefix of its own, so it never touches another fleet's queues or keys).
 *
 * @param repo    the repository root (holds {@code worker-*}/target and {@code dispatcher/target})
 * @param runDir  the demo's directory ({@code run/demo}, git-ignored)
 * @param period  the billing period extracted and closed
 */
record DemoSettings(Path repo, Path runDir, YearMonth period) {
  static final String NAMESPACE = "costfleet-demo";
  static final String REDIS_PREFIX = "costfleet-demo:";
  static final int AWS_ACCOUNTS = 3;
  static final int AZURE_SUBSCRIPTIONS = 3;
  /** JVM options of every process: quick start, small heaps (the machine is shared). */
  static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
      "-XX:ReservedCodeCacheSize=64m", "-Xmx320m");

  Path storageRoot() {
    return runDir.resolve("data");
  }

  Path logs() {
    return runDir.resolve("logs");
  }

  Path jar(String module) {
    Path jar = module.equals("dispatcher") ? repo.resolve("dispatcher/target/quarkus-app/quarkus-run.jar")
        : repo.resolve(module + "/target/costfleet-" + module + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it (./costfleet build)");
    }
    return jar;
  }

  /** {@code java <JVM options> -jar <module's jar> args...}. */
  List<String> java(String module, String... args) {
    return java(module, List.of(), List.of(args));
  }

  List<String> java(String module, List<String> systemProperties, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM);
    cmd.addAll(systemProperties);
    cmd.add("-jar");
    cmd.add(jar(module).toString());
    cmd.addAll(args);
    return cmd;
  }

  /** A TCP port free right now on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
