package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.record.RecordOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * record, evlist, script and tables: their options parse the same way and fail with the same one
 * line.
 */
class SubcommandArgsTest {
  interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private record Run(int status, String out, String err) {}

  private static Run run(Command c, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        c.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void recordOptions() throws BadArgs {
    RecordOptions o =
        RecordCommand.options(
            "-o", "-", "-e", "sched:sched_switch,raw_syscalls:*", "-m8", "--", "true", "x");
    assertThat(o.output()).isEqualTo("-");
    assertThat(o.events()).containsExactly("sched:sched_switch", "raw_syscalls:*").inOrder();
    assertThat(o.ringPages()).isEqualTo(8);
    assertThat(o.command()).containsExactly("true", "x").inOrder();
    assertThat(o.argv())
        .containsExactly(
            "jtrace",
            "record",
            "-o",
            "-",
            "-e",
            "sched:sched_switch,raw_syscalls:*",
            "-m8",
            "--",
            "true",
            "x")
        .inOrder();
    RecordOptions d = RecordCommand.options("true");
    assertThat(d.output()).isEqualTo("perf.data");
    assertThat(d.events()).isEqualTo(RecordOptions.DEFAULT_EVENTS);
    assertThat(d.ringPages()).isEqualTo(RecordOptions.DEFAULT_RING_PAGES);
    assertThat(RecordCommand.options("-a", "--", "sleep", "1").allCpus()).isTrue();
    assertThat(RecordCommand.options("-p", "1,2", "--pid=3").pids())
        .containsExactly(1, 2, 3)
        .inOrder();
  }

  static Stream<Arguments> errors() {
    Command record = RecordCommand::run;
    Command evlist = EvlistCommand::run;
    Command script = ScriptCommand::run;
    Command tables = TablesCommand::run;
    return Stream.of(
        Arguments.of(
            record,
            List.of(),
            "jtrace record: nothing to record: give a command after --, -p PID or -a"),
        Arguments.of(
            record,
            List.of("--bogus"),
            "jtrace record: unknown option --bogus (see jtrace record --help)"),
        Arguments.of(record, List.of("-o"), "jtrace record: option -o needs a value (FILE|-)"),
        Arguments.of(
            record,
            List.of("-e", "nocolon", "--", "true"),
            "jtrace record: -e: not SYSTEM:EVENT: nocolon"),
        Arguments.of(
            record, List.of("-m", "3", "--", "true"), "jtrace record: -m: not a power of two: 3"),
        Arguments.of(record, List.of("-m", "x", "true"), "jtrace record: -m: not a number: x"),
        Arguments.of(record, List.of("-p", "abc"), "jtrace record: -p: not a number: abc"),
        Arguments.of(
            record, List.of("-a", "-p", "1"), "jtrace record: -a and -p exclude each other"),
        Arguments.of(
            record,
            List.of("-p", "1", "true"),
            "jtrace record: -p and a command exclude each other"),
        Arguments.of(
            evlist, List.of("-x"), "jtrace evlist: unknown option -x (see jtrace evlist --help)"),
        Arguments.of(evlist, List.of("-i"), "jtrace evlist: option -i needs a value (FILE)"),
        Arguments.of(
            evlist,
            List.of("stray"),
            "jtrace evlist: unexpected argument stray (see jtrace evlist --help)"),
        Arguments.of(
            script,
            List.of("--nope"),
            "jtrace script: unknown option --nope (see jtrace script --help)"),
        Arguments.of(
            script, List.of("--input"), "jtrace script: option --input needs a value (FILE|-)"),
        Arguments.of(
            script,
            List.of("-F", "comm,bogus"),
            "jtrace script: -F: unknown field 'bogus' (known:"
                + " comm,pid,tid,cpu,time,period,event,ip,trace)"),
        Arguments.of(
            tables,
            List.of("--frobnicate"),
            "jtrace tables: unknown option --frobnicate (see jtrace tables --help)"),
        Arguments.of(
            tables, List.of("--arch"), "jtrace tables: option --arch needs a value (ARCH)"),
        Arguments.of(
            tables, List.of("--arch=vax", "syscalls"), "jtrace tables: --arch: unknown arch: vax"),
        Arguments.of(
            tables,
            List.of("a", "b"),
            "jtrace tables: one table at a time (see jtrace tables --help)"),
        Arguments.of(
            tables, List.of("--all", "errno"), "jtrace tables: --all takes no table or arch"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorsAreOneLineAndExitTwo(Command command, List<String> args, String line) {
    Run r = run(command, args);
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(line + "\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void helpIsTheSameInEveryCommandAndKeepsItsOptions() {
    Run record = run(RecordCommand::run, List.of("--help"));
    assertThat(record.status()).isEqualTo(0);
    assertThat(record.out())
        .isEqualTo(
            """
            usage: jtrace record [-o FILE|-] [-e SYSTEM:EVENT[,…]] [-a | -p PID[,PID…]] [-m PAGES] [--string-limit N] [--no-contents] [-- COMMAND [ARG…]]
              -o, --output <FILE|->   where to write (default perf.data; - writes pipe mode to standard output)
              -e, --event <SYSTEM:EVENT,...> tracepoints to record (default raw_syscalls:sys_enter,raw_syscalls:sys_exit)
              -a, --all-cpus          every task on every CPU, until Ctrl-C
              -p, --pid <PID,...>     existing processes and their threads, until Ctrl-C
                  --call-graph <mode> each sample's stack: fp (the frame pointers), with MMAP2 records and build ids
                  --string-limit <n>  bytes of each buffer recorded with its call, for jtrace -i (default 32)
                  --no-contents       no call's memory but its strings (perf record's cost; jtrace -i shows pointers)
              -m, --mmap-pages <PAGES> data pages per CPU ring, a power of two (default 2048 = 8 MiB)
              -h, --help              this text
            """);
    for (Command c : List.<Command>of(EvlistCommand::run, ScriptCommand::run, TablesCommand::run)) {
      Run h = run(c, List.of("-h"));
      assertThat(h.status()).isEqualTo(0);
      assertThat(h.out()).startsWith("usage: jtrace ");
      assertThat(h.out()).endsWith("  -h, --help              this text\n");
      assertThat(run(c, List.of("--help")).out()).isEqualTo(h.out());
    }
    assertThat(run(EvlistCommand::run, List.of("-h")).out()).contains("  -i, --input <FILE>");
    assertThat(run(ScriptCommand::run, List.of("-h")).out()).contains("  -F, --fields <field,...>");
    assertThat(run(TablesCommand::run, List.of("-h")).out()).contains("      --arch <ARCH>");
  }

  @Test
  void recordRefusesTheSameWayAsTrace() {
    assertThat(assertThrows(BadArgs.class, () -> RecordCommand.options("--pid")))
        .hasMessageThat()
        .isEqualTo("jtrace record: option --pid needs a value (PID,...)");
  }
}
