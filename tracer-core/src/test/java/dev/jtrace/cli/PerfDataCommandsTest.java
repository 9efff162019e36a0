package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perfdata.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace evlist} and {@code jtrace script} on recorded files: output, errors, exit status.
 */
class PerfDataCommandsTest {
  @TempDir Path dir;

  record Result(int status, List<String> out, String err) {}

  interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static Result run(Command command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        command.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  private static String fixture(String name) {
    return Fixtures.ours(name).toString();
  }

  @Test
  void evlistNames() {
    Result r = run(EvlistCommand::run, "-i", fixture("raw_syscalls-true.data"));
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.out())
        .containsExactly("raw_syscalls:sys_exit", "raw_syscalls:sys_enter")
        .inOrder();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void evlistTraceFieldsAsInThePerfTalk() {
    Result r = run(EvlistCommand::run, "-i", fixture("futex-python.data"), "--trace-fields");
    assertThat(r.out())
        .containsExactly(
            "syscalls:sys_enter_futex: trace_fields: __syscall_nr,uaddr,op,val,utime,uaddr2,val3");
    Result raw =
        run(EvlistCommand::run, "--trace-fields", "-i", fixture("pipe-raw_syscalls-true.data"));
    assertThat(raw.out())
        .containsExactly(
            "raw_syscalls:sys_exit: trace_fields: id,ret",
            "raw_syscalls:sys_enter: trace_fields: id,args")
        .inOrder();
  }

  @Test
  void evlistVerboseInPerfsForm() {
    Result r = run(EvlistCommand::run, "-v", "-i", fixture("raw_syscalls-true.data"));
    assertThat(r.out().get(0))
        .isEqualTo(
            "raw_syscalls:sys_exit: type: 2, size: 128, config: 0x1ba, { sample_period, sample_freq"
                + " }: 1, sample_type: IP|TID|TIME|ID|CPU|PERIOD|RAW, read_format: ID|LOST,"
                + " disabled: 1, inherit: 1, mmap: 1, comm: 1, enable_on_exec: 1, task: 1,"
                + " sample_id_all: 1, exclude_guest: 1, mmap2: 1, comm_exec: 1, ksymbol: 1,"
                + " bpf_event: 1");
  }

  @Test
  void defaultInputIsPerfDataInTheCurrentDirectory() throws Exception {
    // a JVM of its own, started in an empty directory: the error names the default file
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "evlist")
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err).startsWith("jtrace evlist: perf.data: No such file or directory");
  }

  @Test
  void scriptLinesAndFieldSelection() {
    Result r = run(ScriptCommand::run, "-i", fixture("raw_syscalls-true.data"));
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.out()).hasSize(58);
    assertThat(r.out().get(0))
        .matches(
            "^ {12}true +\\d+ \\[\\d{3}\\] +\\d+\\.\\d{6}:  raw_syscalls:sys_exit: NR 59 = 0$");
    Result f =
        run(ScriptCommand::run, "-i", fixture("futex-python.data"), "-F", "comm,tid,event,trace");
    assertThat(f.out().get(0))
        .matches("\\s*python3\\s+\\d+ syscalls:sys_enter_futex: uaddr: 0x[0-9a-f]+, op: .*");
  }

  @Test
  void badInputGivesOneLineAndStatus1() throws IOException {
    Path bad = dir.resolve("bad.data");
    byte[] good = Files.readAllBytes(Fixtures.ours("raw_syscalls-true.data"));
    Files.write(bad, Arrays.copyOf(good, 3000)); // inside the data section
    Result r = run(ScriptCommand::run, "-i", bad.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isNotEmpty(); // what came before the damage is printed
    List<String> errLines = r.err().lines().filter(l -> !l.contains("warning:")).toList();
    assertThat(errLines).hasSize(1);
    assertThat(errLines.get(0)).startsWith("jtrace script: " + bad + ": offset 0x");
  }

  @Test
  void unknownOptionAndField() {
    assertThat(run(ScriptCommand::run, "--nope").status()).isEqualTo(2);
    Result r = run(ScriptCommand::run, "-F", "comm,bogus");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("unknown field 'bogus'");
    assertThat(run(EvlistCommand::run, "-x").status()).isEqualTo(2);
  }
}
