package dev.jtrace.tracer.session;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.tracer.bpf.CallFilter;
import dev.jtrace.tracer.filter.BoundFilter;
import dev.jtrace.tracer.filter.CgroupScope;
import dev.jtrace.tracer.filter.FilterException;
import dev.jtrace.tracer.filter.FilterParser;
import dev.jtrace.tracer.filter.FilterResolver;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.select.SyscallSelection;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link CallFilter} a trace's options ask for: --filter bound to the printed selection's
 * syscalls (the calls captured only to keep the fd table right are not filtered), -G resolved to
 * its cgroup id. Both are decided in the paired BPF programs, so options that rule that capture out
 * are refused here.
 */
final class CallFilters {
  private CallFilters() {}

  static CallFilter of(
      TraceOptions options,
      SyscallSelection.Selection printed,
      SyscallBeautifier beautifier,
      boolean stacks)
      throws LiveTracer.UsageException {
    if (options.filter() == null && options.cgroup() == null) {
      return CallFilter.NONE;
    }
    String what = options.filter() != null ? "--filter" : "-G";
    if (options.capture() == TraceOptions.Capture.PERF) {
      throw new LiveTracer.UsageException(
          what + " is evaluated by the BPF capture: it cannot go with --capture=perf");
    }
    if (options.cpus() != null) {
      throw new LiveTracer.UsageException(what + " needs the BPF capture, which -C rules out");
    }
    if (stacks) {
      throw new LiveTracer.UsageException(
          what + " needs the BPF capture, which --call-graph rules out");
    }
    Map<Integer, BoundFilter> arguments = Map.of();
    if (options.filter() != null) {
      Map<Integer, SyscallSignature> signatures = new HashMap<>();
      for (int nr : beautifier.numbers()) {
        SyscallSignature s = beautifier.signature(nr);
        if (s != null && (printed == null || printed.contains(nr))) {
          signatures.put(nr, s);
        }
      }
      try {
        arguments =
            FilterResolver.bind(
                FilterParser.parse(options.filter()), signatures, beautifier.arch());
      } catch (FilterException e) {
        throw new LiveTracer.UsageException("--filter " + e.describe());
      }
    }
    CgroupScope cgroup = null;
    if (options.cgroup() != null) {
      try {
        cgroup = CgroupScope.resolve(options.cgroup());
      } catch (IOException e) {
        throw new LiveTracer.UsageException(e.getMessage());
      }
    }
    return new CallFilter(arguments, cgroup);
  }
}
