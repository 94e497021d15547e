package io.costfleet.bench;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunOutcome;
import io.costfleet.runner.RunnerCoordination;
import io.costfleet.runner.RunnerSettings;
import io.costfleet.runner.StopSignal;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.aws.AwsErrorTranslator;
import io.costfleet.worker.aws.ce.CostExplorerClients;
import io.costfleet.worker.aws.ce.CostExplorerSettings;
import io.costfleet.worker.aws.ce.CostExplorerSource;
import io.costfleet.worker.aws.sim.CostExplorerSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import software.amazon.awssdk.services.costexplorer.model.Granularity;

/**
 * {@code ./costfleet bench runner [records] [page-size]}: one Cost Explorer job through the shared
 * runner against the simulator with zero latency (real SDK client, real Parquet staging, in-process
 * coordination). Prints pages/s, records/s and the peak heap used (all heap pools' peaks after a
 * reset at the start). Default: 1,000,000 records, 5,000 groups per page.
 */
final class RunnerBench {
  private RunnerBench() {}

  static void run(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    YearMonth period = YearMonth.of(2026, 10);
    int services = Math.max(1, records / (period.lengthOfMonth() * 3));
    Path root = Files.createTempDirectory("costfleet-bench-runner");
    try (CostExplorerSimulator sim = CostExplorerSimulator.start(CostExplorerSimulator.Options.defaults()
        .withAccounts(1).withServices(services).withPageSize(pageSize));
         RecordValidator validator = new RecordValidator()) {
      CostExplorerSource source = CostExplorerClients.source(URI.create(sim.baseUrl()), "us-east-1", "AKIDBENCH",
          "bench", new CostExplorerSettings(Granularity.DAILY, List.of("DIMENSION:SERVICE", "TAG:Environment"), true),
          Duration.ofSeconds(60), new WireCodec().mapper(), new SimpleMeterRegistry());
      InMemoryCoordination coordination = new InMemoryCoordination();
      ExtractionRunner runner = new ExtractionRunner(new RunnerCoordination(coordination, coordination,
          new InMemoryRateLimiter(new RateLimitConfig(1e6, 1000)), InMemoryCircuitBreaker.ofDefaults()),
          new StagingLayout(root), validator, new SimpleMeterRegistry(),
          new RunnerSettings("bench", Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(10), 3,
              Duration.ofMillis(10), 50), Clock.systemUTC());
      ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", sim.accounts().get(0), period,
          Dataset.USAGE, 5, Instant.now());
      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      RunOutcome outcome = runner.run(job, source, AwsErrorTranslator.classifier(), StopSignal.never());
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      RunOutcome.Completed c = (RunOutcome.Completed) outcome;
      System.out.printf("runner bench: %d records in %d pages of %d groups, %.1f s%n", c.rows(), c.pages(), pageSize,
          seconds);
      System.out.printf("  pages/s   %.1f%n", c.pages() / seconds);
      System.out.printf("  records/s %.0f   (floor: 5 CE requests/s x %d groups/page = %d records/s)%n",
          c.rows() / seconds, pageSize, 5 * pageSize);
      System.out.printf("  peak heap %.0f MiB (sum of heap pool peaks; max heap %d MiB)%n", peak / 1048576.0,
          Runtime.getRuntime().maxMemory() / 1048576);
      runner.close();
      source.close();
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
