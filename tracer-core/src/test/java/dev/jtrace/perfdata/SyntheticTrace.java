package dev.jtrace.perfdata;

import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.perfdata.tracing.TracingData;
import dev.jtrace.perfdata.write.HostInfo;
import dev.jtrace.perfdata.write.PerfDataWriter;
import dev.jtrace.perfdata.write.RawPayloadBuilder;
import dev.jtrace.perfdata.write.TracingDataSource;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * A small raw_syscalls trace written with our writer: the formats come from a perf-recorded
 * fixture, so no tracefs is needed. Syscalls are given as (nr, args, ret) for the arch the file
 * claims.
 */
final class SyntheticTrace {
  /** One syscall: enter on cpu, exit right after. */
  record Call(int nr, long[] args, long ret) {}

  static final int PID = 4242;
  static final long T0 = 5_000_000_000L;

  final TracepointFormat enter;
  final TracepointFormat exit;
  final TracingDataSource source;

  SyntheticTrace() {
    PerfHeader h = Fixtures.read(Fixtures.ours("raw_syscalls-true.data")).header;
    TracingData td = h.tracingData();
    enter = td.byName("raw_syscalls", "sys_enter");
    exit = td.byName("raw_syscalls", "sys_exit");
    source = TracingDataSource.from(td, List.of(enter, exit));
  }

  List<PerfDataWriter.Event> events() {
    return List.of(
        new PerfDataWriter.Event(
            PerfDataWriter.tracepointAttr(enter.id(), true),
            "raw_syscalls:sys_enter",
            new long[] {101, 102}),
        new PerfDataWriter.Event(
            PerfDataWriter.tracepointAttr(exit.id(), false),
            "raw_syscalls:sys_exit",
            new long[] {103, 104}));
  }

  /** Writes comm, the calls (enter/exit pairs 1 µs apart) and an exit record. */
  void write(Path file, PerfDataWriter.Options options, String arch, List<Call> calls)
      throws IOException {
    HostInfo here = HostInfo.host(List.of("jtrace", "record", "--", "demo"));
    HostInfo host =
        new HostInfo(
            here.hostname(),
            here.osRelease(),
            arch,
            here.nrCpusOnline(),
            here.nrCpusAvailable(),
            here.cmdline()); // a file that looks recorded on arch
    ByteOrder order = options.order();
    try (PerfDataWriter w = PerfDataWriter.create(file, options, events(), source, host)) {
      w.comm(PID, PID, "demo", T0, 0, true);
      long t = T0;
      for (Call c : calls) {
        RawPayloadBuilder e =
            new RawPayloadBuilder(enter, order).set("common_pid", PID).set("id", c.nr());
        for (int i = 0; i < c.args().length; i++) e.set("args", i, c.args()[i]);
        w.sample(0, PID, PID, t += 1000, 1, e.bytes());
        w.sample(
            1,
            PID,
            PID,
            t += 1000,
            1,
            new RawPayloadBuilder(exit, order)
                .set("common_pid", PID)
                .set("id", c.nr())
                .set("ret", c.ret())
                .bytes());
      }
      w.task(false, PID, 1, PID, 1, t + 1000, 1);
      w.finishedRound();
    }
  }
}
