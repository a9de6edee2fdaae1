package io.reactorsctp.benchmarks;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting {@code cpu.ns/op}: CPU time (user + system) of the benchmark process and
 * of its registered children ({@link ProcessCpu}) per operation, i.e. per message; and {@code
 * cpu.app.ns/op}, the same without the JVM's compiler, GC and VM threads. Use with {@code -prof}
 * and this class name.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  private long startNanos;
  private long startApplicationNanos;

  @Override
  public String getDescription() {
    return "CPU time (user+system) of the process and its peer children per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startNanos = ProcessCpu.nanos();
    startApplicationNanos = ProcessCpu.applicationNanos();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = ProcessCpu.nanos() - startNanos;
    long application = ProcessCpu.applicationNanos() - startApplicationNanos;
    long ops = result.getMetadata().getAllOps();
    return List.of(
        new ScalarResult(
            "cpu.ns/op",
            ops == 0 ? Double.NaN : (double) cpu / ops,
            "ns/op",
            AggregationPolicy.AVG),
        new ScalarResult(
            "cpu.app.ns/op",
            ops == 0 ? Double.NaN : (double) application / ops,
            "ns/op",
            AggregationPolicy.AVG));
  }
}
