package dev.jtrace.tracer.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.cli.TraceCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code jtrace} in this JVM with -o to a file and returns the exit status, lines and messages. */
record TracedRun(int status, List<String> lines, String messages) {

  /** Skips the calling test unless the kernel lets us trace: root, tracefs with raw_syscalls. */
  static void assumeTracingWorks() {
    assumeTrue(uid() == 0, "live tracing tests need root (perf_event_open on tracepoints)");
    assumeTrue(
        Files.isDirectory(Path.of("/sys/kernel/tracing/events/raw_syscalls"))
            || Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events/raw_syscalls")),
        "tracefs with raw_syscalls is not available");
  }

  static int uid() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("Uid:")) {
          return Integer.parseInt(l.substring(4).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Compiles the test workload (workload.c) into dir; skips when there is no C compiler. */
  static Path compileWorkload(Path dir) throws IOException, InterruptedException {
    try (var in = TracedRun.class.getResourceAsStream("workload.c")) {
      return compile(dir, "wl", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Compiles a C program into dir/name; skips when there is no C compiler. */
  static Path compile(Path dir, String name, String source) throws IOException, InterruptedException {
    Path src = dir.resolve(name + ".c");
    Files.writeString(src, source);
    Path bin = dir.resolve(name);
    Process p;
    try {
      p = new ProcessBuilder("gcc", "-O1", "-o", bin.toString(), src.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc to build the test workload: " + e.getMessage());
      throw e;
    }
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed on " + src);
    return bin;
  }

  static TracedRun run(Path dir, String... args) throws IOException {
    Path out = Files.createTempFile(dir, "trace", ".out");
    List<String> all = new ArrayList<>(List.of("-o", out.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(msg, true, StandardCharsets.UTF_8);
    int status = TraceCommand.run(all.toArray(String[]::new), err, err);
    return new TracedRun(status, Files.readAllLines(out), msg.toString(StandardCharsets.UTF_8));
  }

  /** The JSON events, parsed. */
  List<Json> json() {
    List<Json> out = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("{\"ts\"")) {
        out.add(Json.parse(l));
      }
    }
    return out;
  }

  /** The fields of one --json line the tests look at. */
  record Json(String line, int cpu, int pid, int tid, String comm, int nr, List<Long> rawArgs, Long ret,
      boolean continued, Double durationMs) {
    private static final Pattern INT = Pattern.compile("\"(cpu|pid|tid|nr)\":(-?\\d+)");
    private static final Pattern RAW = Pattern.compile("\"raw\":(-?\\d+)");
    private static final Pattern RET = Pattern.compile("\"ret\":(-?\\d+|null)");
    private static final Pattern COMM = Pattern.compile("\"comm\":(?:\"([^\"]*)\"|null)");
    private static final Pattern DURATION = Pattern.compile("\"duration\":([0-9.]+|null)");

    static Json parse(String l) {
      int cpu = 0;
      int pid = 0;
      int tid = 0;
      int nr = 0;
      Matcher m = INT.matcher(l);
      while (m.find()) {
        int v = Integer.parseInt(m.group(2));
        switch (m.group(1)) {
          case "cpu" -> cpu = v;
          case "pid" -> pid = v;
          case "tid" -> tid = v;
          default -> nr = v;
        }
      }
      List<Long> raws = new ArrayList<>();
      Matcher r = RAW.matcher(l);
      while (r.find()) {
        raws.add(Long.parseLong(r.group(1)));
      }
      Matcher ret = RET.matcher(l);
      Long retv = ret.find() && !ret.group(1).equals("null") ? Long.parseLong(ret.group(1)) : null;
      Matcher c = COMM.matcher(l);
      String comm = c.find() ? c.group(1) : null;
      Matcher d = DURATION.matcher(l);
      Double dur = d.find() && !d.group(1).equals("null") ? Double.parseDouble(d.group(1)) : null;
      return new Json(l, cpu, pid, tid, comm, nr, raws, retv, l.contains("\"continued\":true"), dur);
    }
  }
}
