package io.costfleet.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The processes the demo starts: each writes its output to its own log file (and its pid to
 * {@code logs/pids}, for checks); {@link #stopAll} (also
 * run by a shutdown hook, so Ctrl-C and errors stop them too) asks each to stop (SIGTERM), waits,
 * then kills what is left, children included.
 */
final class ChildProcesses implements AutoCloseable {
  /** A started process and its log. */
  record Child(String name, Process process, Path log) {}

  private final Path logs;
  private final Runnable afterInterrupt;
  private final List<Child> children = new ArrayList<>();
  private final Thread hook = new Thread(this::interrupted, "costfleet-demo-stop");
  private boolean stopped;

  /**
   * @param logs           where each child's log (and the pid list) goes
   * @param afterInterrupt run by the shutdown hook once the children are stopped, when the demo was
   *                       interrupted (the normal path cleans up itself)
   */
  ChildProcesses(Path logs, Runnable afterInterrupt) throws IOException {
    this.logs = Files.createDirectories(logs);
    this.afterInterrupt = afterInterrupt;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code command} with its output appended to {@code logs/<name>.log}. */
  synchronized Child start(String name, List<String> command, Path workDir) throws IOException {
    if (stopped) {
      throw new IllegalStateException("stopping: no new process");
    }
    Path log = logs.resolve(name + ".log");
    Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Child child = new Child(name, p, log);
    children.add(child);
    Files.writeString(logs.resolve("pids"), p.pid() + " " + name + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return child;
  }

  /**
   * Waits until a line of the child's log matches, and returns it.
   *
   * @throws IOException when the process exits first or the time runs out (with the log's tail)
   */
  static String awaitLine(Child child, Predicate<String> match, Duration timeout) throws IOException,
      InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(child.log()),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (match.test(line)) {
            return line;
          }
        }
      }
      if (!child.process().isAlive()) {
        throw new IOException(child.name() + " exited with code " + child.process().exitValue() + "; "
            + tail(child.log()));
      }
      Thread.sleep(200);
    }
    throw new IOException(child.name() + " did not start within " + timeout.toSeconds() + " s; " + tail(child.log()));
  }

  /** The last lines of a log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of " + log + ":\n  " + String.join("\n  ",
          lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "see " + log;
    }
  }

  /** The first child that died, if any. */
  synchronized Child firstDead() {
    return children.stream().filter(c -> !c.process().isAlive()).findFirst().orElse(null);
  }

  /** The shutdown hook: Ctrl-C, SIGTERM, or an exit before the demo stopped its processes. */
  private void interrupted() {
    boolean wasRunning;
    synchronized (this) {
      wasRunning = !stopped;
      if (wasRunning) {
        System.err.println();
        System.err.println("costfleet demo: interrupted: stopping the " + alive() + " processes it started");
      }
    }
    stopAll();
    if (wasRunning) {
      afterInterrupt.run();
    }
  }

  /** Stops every child: SIGTERM to each (and its descendants), up to 15 s, then SIGKILL. Idempotent. */
  synchronized void stopAll() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (Child c : children) {
      c.process().descendants().forEach(ProcessHandle::destroy);
      c.process().destroy();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (Child c : children) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !c.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          c.process().descendants().forEach(ProcessHandle::destroyForcibly);
          c.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        c.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The number of children still running. */
  synchronized long alive() {
    return children.stream().filter(c -> c.process().isAlive()).count();
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }
}
