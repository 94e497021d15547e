package io.costfleet.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code ./costfleet bench NAME [args]}: runs one named bench command, each of which
 * prints its figures next to their floor. {@code ./costfleet bench list} lists them.
 */
public final class Bench {
  /** A bench command. */
  @FunctionalInterface
  public interface Command {
    void run(String[] args) throws Exception;
  }

  private Bench() {}

  static Map<String, Command> commands() {
    Map<String, Command> c = new TreeMap<>();
    c.put("cur", new CurBench());
    c.put("jmh", org.openjdk.jmh.Main::main);
    c.put("runner", RunnerBench::run);
    c.put("redis", RedisBench::main);
    c.put("dispatcher", DispatcherBench::main);
    c.put("close", CloseBench::run);
    return c;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Command> commands = commands();
    if (args.length == 0 || args[0].equals("list")) {
      System.out.println("bench commands: " + String.join(", ", commands.keySet()));
      return;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      System.err.println("unknown bench '" + args[0] + "'; known: " + String.join(", ", commands.keySet()));
      System.exit(2);
    }
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    command.run(rest);
  }
}
