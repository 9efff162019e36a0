package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.cli.args.BadValue;
import dev.jtrace.tracer.options.TraceOptions;
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
 * The trace command's line, live and replay: arguments in, {@link TraceOptions} or the one error
 * line out.
 */
class TraceCommandArgsTest {
  private static TraceOptions parse(String... a) throws BadArgs {
    return TraceCommand.options(a);
  }

  @Test
  void summaryModeAndHistogram() throws Exception {
    TraceOptions o = parse("-s", "--summary-mode=cgroup", "--histogram", "--", "true");
    assertThat(o.summaryMode()).isEqualTo(TraceOptions.SummaryMode.CGROUP);
    assertThat(o.histogram()).isTrue();
    assertThat(parse("-s", "--", "true").summaryMode()).isEqualTo(TraceOptions.SummaryMode.THREAD);
    assertThat(assertThrows(BadArgs.class, () -> parse("--summary-mode", "cpu")))
        .hasMessageThat()
        .contains("not thread, process, total or cgroup: cpu");
  }

  @Test
  void perfTraceOptions() throws Exception {
    TraceOptions o =
        parse(
            "-s",
            "--errno-summary",
            "-e",
            "open*",
            "--duration",
            "1.5",
            "-m",
            "64",
            "-o",
            "f",
            "--max-events=10",
            "--no-comm",
            "-T",
            "-D5",
            "--filter-pids=7,8",
            "-v",
            "--json",
            "--no-inherit",
            "--failure",
            "-S",
            "--",
            "ls",
            "-l");
    TraceOptions expected =
        TraceOptions.builder()
            .command(List.of("ls", "-l"))
            .summaryOnly(true)
            .errnoSummary(true)
            .expr("open*")
            .durationMs(1.5)
            .mmapPages(64)
            .output("f")
            .maxEvents(10)
            .comm(false)
            .absoluteTime(true)
            .delayMs(5)
            .filterPids(List.of(7, 8))
            .verbose(true)
            .json(true)
            .noInherit(true)
            .failure(true)
            .withSummary(true)
            .build();
    assertThat(o).isEqualTo(expected);
  }

  @Test
  void expressionsAddUpAcrossRepeatedOptions() throws Exception {
    assertThat(parse("-e", "file", "--event", "!close", "--expr=read").expr())
        .isEqualTo("file,!close,read");
    assertThat(parse("-efutex").expr()).isEqualTo("futex");
    assertThat(parse("--dur", "2", "--ev=read").durationMs()).isEqualTo(2.0);
  }

  @Test
  void targets() throws Exception {
    assertThat(parse("-p", "1,2", "-p3").pids()).containsExactly(1, 2, 3).inOrder();
    assertThat(parse("--tid=12").tids()).containsExactly(12);
    assertThat(parse("-u", "root").user()).isEqualTo("root");
    assertThat(parse("-a").systemWide()).isTrue();
    assertThat(parse("-C", "0-1").systemWide()).isTrue();
    assertThat(parse("true").command()).containsExactly("true");
    assertThat(parse("-sT", "true").command()).containsExactly("true");
  }

  @Test
  void noTargetAndNoCommandIsSystemWideAsInPerfTrace() throws Exception {
    TraceOptions o = parse("-e", "futex", "--duration", "1");
    assertThat(o.systemWide()).isTrue();
    assertThat(o.hasTargets()).isFalse();
    assertThat(o.hasWorkload()).isFalse();
    assertThat(parse("-s").systemWide()).isTrue();
  }

  @Test
  void targetsWithACommandAreTracedWhileItRuns() throws Exception {
    TraceOptions o = parse("--summary", "-u", "named", "-e", "*msg,futex", "sleep", "2");
    assertThat(o.user()).isEqualTo("named");
    assertThat(o.command()).containsExactly("sleep", "2").inOrder();
    assertThat(o.hasTargets()).isTrue();
    assertThat(o.systemWide()).isFalse();
    assertThat(parse("-p", "1", "--", "ls").pids()).containsExactly(1);
    assertThat(parse("-t", "1", "ls").command()).containsExactly("ls");
    assertThat(parse("-a", "--", "ls").systemWide()).isTrue();
  }

  @Test
  void replayIsAnOptionOfTheTraceCommand() throws Exception {
    TraceOptions o = parse("-i", "perf.data", "-p", "5", "-t", "6", "-e", "read");
    assertThat(o.replay()).isTrue();
    assertThat(o.input()).isEqualTo("perf.data");
    assertThat(o.pids()).containsExactly(5);
    assertThat(o.tids()).containsExactly(6);
    assertThat(parse("--input=-").input()).isEqualTo("-");
    assertThat(parse("-ifile", "-a").input()).isEqualTo("file");
    assertThat(parse("-s").replay()).isFalse();
  }

  @Test
  void mmapPagesTakeSizesAndRoundUp() throws Exception {
    assertThat(TraceCommand.pages("3")).isEqualTo(4);
    assertThat(TraceCommand.pages("8M")).isEqualTo(2048);
    assertThat(TraceCommand.pages("64K")).isEqualTo(16);
    assertThat(assertThrows(BadValue.class, () -> TraceCommand.pages("lots")))
        .hasMessageThat()
        .isEqualTo("not a page count or size (16, 64K, 8M): lots");
  }

  @Test
  void spillLimitTakesSizesAndZero() throws Exception {
    assertThat(TraceCommand.spillLimit("0")).isEqualTo(0L);
    assertThat(TraceCommand.spillLimit("512M")).isEqualTo(512L << 20);
    assertThat(TraceCommand.spillLimit("2g")).isEqualTo(2L << 30);
    assertThat(TraceCommand.spillLimit("4096")).isEqualTo(4096L);
    assertThat(assertThrows(BadValue.class, () -> TraceCommand.spillLimit("much")))
        .hasMessageThat()
        .isEqualTo("not a size (0, 512M, 2G): much");
    assertThat(assertThrows(BadValue.class, () -> TraceCommand.spillLimit("-1")))
        .hasMessageThat()
        .isEqualTo("out of range (0 to 1P): -1");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(List.of("--foo"), "jtrace: unknown option --foo (see jtrace --help)"),
        Arguments.of(
            List.of("--nope", "--", "ls"), "jtrace: unknown option --nope (see jtrace --help)"),
        Arguments.of(List.of("-p"), "jtrace: option -p needs a value (pid,...)"),
        Arguments.of(List.of("--duration"), "jtrace: option --duration needs a value (ms)"),
        Arguments.of(List.of("-p", "abc"), "jtrace: -p: not a number: abc"),
        Arguments.of(List.of("--pid=0"), "jtrace: --pid: not a pid: 0"),
        Arguments.of(List.of("--duration", "-1"), "jtrace: --duration: not a number >= 0: -1"),
        Arguments.of(List.of("--max-events=x"), "jtrace: --max-events: not a number: x"),
        Arguments.of(List.of("-m", "0"), "jtrace: -m: out of range (1 page to 4 GiB): 0"),
        Arguments.of(List.of("--json=1"), "jtrace: option --json takes no value"),
        Arguments.of(
            List.of("--capture=kprobe"),
            "jtrace: --capture: not auto, bpf, perf, fentry or bpf-tp: kprobe"),
        Arguments.of(List.of("--d", "1"), "jtrace: option --d is ambiguous: --delay, --duration"),
        Arguments.of(List.of("-a", "-p", "1"), "jtrace: -a and -p exclude each other"),
        Arguments.of(List.of("-C", "0", "--tid=1"), "jtrace: -C and --tid exclude each other"),
        Arguments.of(List.of("-p", "1", "-u", "root"), "jtrace: -p and -u exclude each other"),
        Arguments.of(List.of("-t", "1", "-p", "2", "ls"), "jtrace: -p and -t exclude each other"),
        Arguments.of(
            List.of("-i", "f", "--", "ls"),
            "jtrace: -i replays a file: a command to run makes no sense with it"),
        Arguments.of(
            List.of("--input=f", "-u", "root"),
            "jtrace: --input replays a file: -u cannot apply to it (use -p/-t)"),
        Arguments.of(List.of("-F", "major"), "jtrace: -F: not maj, min or all: major"),
        Arguments.of(List.of("--pf"), "jtrace: option --pf needs a value (maj|min|all)"),
        Arguments.of(List.of("-i"), "jtrace: option -i needs a value (file)"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorsAreOneLine(List<String> args, String line) {
    assertThat(assertThrows(BadArgs.class, () -> parse(args.toArray(String[]::new))))
        .hasMessageThat()
        .isEqualTo(line);
  }

  @ParameterizedTest
  @MethodSource("errors")
  void theCommandPrintsTheLineAndExitsTwo(List<String> args, String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        TraceCommand.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(line + "\n");
    assertThat(out.size()).isEqualTo(0);
  }

  @Test
  void helpKeepsEveryOptionOfBefore() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            TraceCommand.run(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err))
        .isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            """
            usage: jtrace [<options>] [-- <command> [<args>]]
              -a, --all-cpus          system-wide, every CPU
              -C, --cpu <list>        system-wide on these CPUs (0-3,5)
              -p, --pid <pid,...>     existing processes
              -t, --tid <tid,...>     existing threads
              -u, --uid <user>        processes of a user
                  --no-inherit        do not follow children
              -e, --expr <events>     names, globs (open*), groups (file,network,process,signal,memory,ipc,desc,creds,clock), !negation; tracepoints (sched:sched_switch, sched:*wakeup, signal:*)
                  --no-syscalls       only the tracepoints of -e
                  --no-signals        no --- SIG… --- and +++ exited +++ lines
                  --filter-pids <pids> pids the kernel drops
                  --duration <ms>     only calls lasting at least this long
                  --failure           only failed calls
                  --filter <expr>     only calls whose arguments pass, tested in the kernel: fd == 3, flags & CLOEXEC, filename ~ "/etc/*", count > 4096, && || ! ( )
              -z, --successful-only   only calls that returned without an error
              -P, --trace-path <path> only calls that touch this path, by name or by an fd open on it (strace's -P)
              -G, --cgroup <path>     only tasks in this cgroup v2 or below it
              -s, --summary           only the per-thread summary
              -S, --with-summary      lines and summary
                  --errno-summary     errnos per syscall in the summary
                  --summary-mode <mode> what -s sums by: thread (default), process, total or cgroup
                  --histogram         log2 latency histograms in the summary
              -T, --time              absolute timestamps
                  --comm, --no-comm   show/hide the comm next to the tid
              -o, --output <file>     write the trace to a file (default: stderr)
                  --max-events <n>    stop after n events
              -m, --mmap-pages <n>    ring pages per CPU (or a size: 16M)
                  --spill-limit <size> backlog kept on disk while the printer is behind (default 1G; 0: none)
              -D, --delay <ms>        wait before tracing
                  --json              one JSON object per event
                  --capture <how>     auto (default), bpf (entry and return joined in the kernel), perf (tracepoints), fentry (bpf on the syscalls' kernel functions, BTF) or bpf-tp (bpf on the syscalls' own tracepoints)
                  --string-limit <n>  bytes of a string or buffer shown (strace's -s; default 32)
                  --call-graph <mode> a stack under each call: fp (the frame pointers; -e NAME/max-stack=N/ for one event)
                  --max-stack <n>     frames per stack (default 127)
                  --min-stack <n>     leave out calls whose stack is shallower
                  --kernel-syscall-graph kernel frames in the stacks too
              -F, --pf <maj|min|all>  page faults too: majfault/minfault lines with where and what address
                  --sched             each thread's time on CPU in the summary (sched_stat_runtime)
              -v, --verbose           describe the events opened
              -i, --input <file>      replay a perf.data instead (- reads a pipe); the options above apply to it
              -h, --help              this text

            subcommands: record, evlist, script, tables, check-headers (jtrace SUBCOMMAND --help)
            """);
  }
}
