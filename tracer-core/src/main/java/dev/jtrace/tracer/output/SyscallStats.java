package dev.jtrace.tracer.output;

import java.util.Map;
import java.util.TreeMap;

/** Running statistics of one syscall in one thread (Welford's mean and variance, errno counts). */
final class SyscallStats {
  long calls;
  long errors;
  long totalNs;
  long minNs = Long.MAX_VALUE;
  long maxNs;
  private double mean;
  private double m2;

  /** Errno → count, made at the first failure (most syscalls of most threads never fail). */
  private Map<Integer, Long> errnos;

  void add(long durationNs, int errno) {
    long d = Math.max(0, durationNs);
    calls++;
    totalNs += d;
    minNs = Math.min(minNs, d);
    maxNs = Math.max(maxNs, d);
    double delta = d - mean;
    mean += delta / calls;
    m2 += delta * (d - mean);
    if (errno != 0) {
      errors++;
      if (errnos == null) {
        errnos = new TreeMap<>();
      }
      errnos.merge(errno, 1L, Long::sum);
    }
  }

  /** Adds another thread's stats of the same syscall (Chan et al.'s merge of the variances). */
  void merge(SyscallStats o) {
    if (o.calls == 0) {
      return;
    }
    long n = calls + o.calls;
    double delta = o.mean - mean;
    m2 += o.m2 + delta * delta * calls * o.calls / n;
    mean += delta * o.calls / n;
    calls = n;
    errors += o.errors;
    totalNs += o.totalNs;
    minNs = Math.min(minNs, o.minNs);
    maxNs = Math.max(maxNs, o.maxNs);
    if (o.errnos != null) {
      if (errnos == null) {
        errnos = new TreeMap<>();
      }
      o.errnos.forEach((errno, count) -> errnos.merge(errno, count, Long::sum));
    }
  }

  /** The errnos counted, in number order (empty when none). */
  Map<Integer, Long> errnos() {
    return errnos == null ? Map.of() : errnos;
  }

  double avgNs() {
    return calls == 0 ? 0 : (double) totalNs / calls;
  }

  /** perf's stddev column: the standard error of the mean as a percentage of the mean. */
  double stddevPercent() {
    if (calls < 2 || mean == 0) {
      return 0;
    }
    double variance = m2 / (calls - 1);
    return 100.0 * Math.sqrt(variance / calls) / mean;
  }
}
