package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jtrace.cli.RecordCommand;
import dev.jtrace.cli.TraceCommand;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jtrace} in this JVM with -o to a file and returns the exit status, lines and
 * messages.
 */
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
  static Path compile(Path dir, String name, String source)
      throws IOException, InterruptedException {
    Path src = dir.resolve(name + ".c");
    Files.writeString(src, source);
    Path bin = dir.resolve(name);
    Process p;
    try {
      p =
          new ProcessBuilder("gcc", "-O1", "-o", bin.toString(), src.toString())
              .inheritIO()
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc to build the test workload: " + e.getMessage());
      throw e;
    }
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed on " + src);
    return bin;
  }

  /**
   * The lines of jtrace (these options, -o out) tracing dd of /dev/zero in bytes, its stdin
   * /etc/hostname: fd 0 is /etc/hostname when tracing starts and /dev/zero once dd has opened its
   * input onto it, and never changes again (what the fd-name tests check after a loss).
   */
  static List<String> ddOverHostname(Path out, int count, String... options)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(
        List.of(
            "-o",
            out.toString(),
            "--",
            "dd",
            "if=/dev/zero",
            "of=/dev/null",
            "bs=1",
            "count=" + count));
    Process p =
        TracerProcess.command(args.toArray(String[]::new))
            .redirectInput(new File("/etc/hostname"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    return Files.readAllLines(out);
  }

  /** The index of the first line holding every part; fails the test naming them if none does. */
  static int indexOf(List<String> lines, String... parts) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean all = true;
      for (String p : parts) all &= l.contains(p);
      if (all) return i;
    }
    throw new AssertionError("no line with " + List.of(parts) + " in " + lines);
  }

  /** Runs {@code jtrace record ARGS} in this JVM; returns its status and what it said. */
  static TracedRun record(String... args) {
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    int status =
        RecordCommand.run(
            args,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(msg, true, StandardCharsets.UTF_8));
    return new TracedRun(status, List.of(), msg.toString(StandardCharsets.UTF_8));
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

  /**
   * The JSON calls, parsed; every line must be one JSON object (a call, a signal, a process's end,
   * a tracepoint, or a count of lost records).
   */
  List<Json> json() {
    List<Json> out = new ArrayList<>();
    for (String l : lines) {
      JsonNode node = Json.object(l);
      if (node.has("signal") || node.has("exit") || node.has("event")) {
        continue; // a signal, a process's end or a tracepoint: not a call
      }
      if (node.has("ts")) {
        out.add(Json.of(l, node));
      } else if (!node.has("lost")) {
        throw new AssertionError("neither an event nor lost records: " + l);
      }
    }
    return out;
  }

  /** The fields of one --json event the tests look at, read with a real JSON parser. */
  record Json(
      String line,
      int cpu,
      int pid,
      int tid,
      String comm,
      int nr,
      List<Long> rawArgs,
      Long ret,
      boolean continued,
      Double durationMs) {
    private static final JsonMapper MAPPER =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One line as a JSON object; a line that is not one fails the test, naming it. */
    static JsonNode object(String line) {
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + line + ": " + e.getOriginalMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new AssertionError("not a JSON object: " + line);
      }
      return node;
    }

    static Json of(String line, JsonNode e) {
      List<Long> raws = new ArrayList<>();
      JsonNode args = field(line, e, "args");
      if (!args.isNull()) {
        for (JsonNode a : args) {
          raws.add(field(line, a, "raw").longValue());
        }
      }
      JsonNode ret = field(line, e, "ret");
      JsonNode duration = field(line, e, "duration");
      JsonNode comm = field(line, e, "comm");
      return new Json(
          line,
          integer(line, e, "cpu"),
          integer(line, e, "pid"),
          integer(line, e, "tid"),
          comm.isNull() ? null : comm.textValue(),
          integer(line, e, "nr"),
          raws,
          ret.isNull() ? null : ret.longValue(),
          field(line, e, "continued").booleanValue(),
          duration.isNull() ? null : duration.doubleValue());
    }

    private static JsonNode field(String line, JsonNode object, String name) {
      JsonNode v = object.get(name);
      if (v == null) {
        throw new AssertionError("no \"" + name + "\" in " + line);
      }
      return v;
    }

    private static int integer(String line, JsonNode object, String name) {
      JsonNode v = field(line, object, name);
      if (!v.canConvertToInt()) {
        throw new AssertionError("\"" + name + "\" is not an int in " + line);
      }
      return v.intValue();
    }

    /** The line as jtrace printed it: what a failing assertion shows. */
    @Override
    public String toString() {
      return line;
    }
  }
}
