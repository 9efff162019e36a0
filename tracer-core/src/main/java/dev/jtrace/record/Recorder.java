package dev.jtrace.record;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perf.abi.SampleType;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.perfdata.write.HostInfo;
import dev.jtrace.perfdata.write.PerfDataWriter;
import dev.jtrace.perfdata.write.TracingDataSource;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.capture.CaptureSpec;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Poller;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.select.EventSelection;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.workload.Signals;
import dev.jtrace.tracer.workload.Targets;
import dev.jtrace.tracer.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One {@code jtrace record} run: open, start, copy records until the workload ends (or Ctrl-C),
 * write the features, close. The kernel's records are copied byte for byte (they are in this host's
 * byte order); the attrs written describe exactly what was opened.
 */
public final class Recorder {
  private static final int POLL_MS = 100;

  /** How long a workload ended by a stop signal may take before the final drain goes ahead. */
  private static final int WORKLOAD_GRACE_MS = 2000;

  private static final int SIGTERM = 15;

  private final RecordOptions options;
  private final PrintStream err;
  private final AtomicBoolean stop = new AtomicBoolean();

  /** The stop signal that ended the recording (SIGINT or SIGTERM), 0 while none did. */
  private final AtomicInteger stopSignal = new AtomicInteger();

  private final List<PerfEvent> opened = new ArrayList<>();
  private final List<RingBuffer> rings = new ArrayList<>();

  /** A ring's worth of copied records (all rings have the same size). */
  private MemorySegment chunk;

  private long samples;
  private long lostReported;
  private long lastTime;

  /** The kernel's copies of the recorded calls' argument memory (null: none). */
  private ContentRecording contents;

  /** The kernel's copies of the recorded calls' strings, when no contents are (null: none). */
  private StringCapture strings;

  /** The mappings and build ids of a recording with callchains (null: none asked). */
  private final RecordedMappings mappings;

  public Recorder(RecordOptions options, PrintStream err) {
    this.options = options;
    this.mappings = options.callGraph() ? new RecordedMappings(options.dwarfStackSize() > 0) : null;
    this.err = err;
  }

  /** One tracepoint to record and the ids of its per-CPU/per-task instances. */
  private record Tracepoint(String name, long id, List<Long> ids) {}

  /**
   * Records; returns the exit status. Problems with the setup are IOExceptions with a one-line
   * message.
   */
  public int run() throws IOException, InterruptedException {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IOException("recording is implemented for little-endian hosts only");
    }
    Tracefs tracefs = Tracefs.locate();
    List<Tracepoint> tracepoints = resolve(tracefs);
    TracingDataSource tracing =
        TracingDataSource.fromTracefs(
            tracefs.root(), tracepoints.stream().map(Tracepoint::name).toList());
    if (options.callGraph()) {
      // stacks carry kernel frames: kept with the kernel they came from, for replay elsewhere
      tracing = tracing.withKallsyms(TracingDataSource.hostKallsyms());
    }
    List<Integer> cpus = OnlineCpus.online();
    boolean pipe = options.output().equals("-");
    Targets targets =
        Targets.builder()
            .pids(options.pids())
            .systemWide(options.allCpus())
            .command(!options.command().isEmpty())
            .resolve();
    Workload workload = null;
    if (!options.command().isEmpty()) {
      // with -a, the command only sets how long everything is recorded
      workload =
          pipe
              ? Workload.startStoppedStdoutToStderr(options.command())
              : Workload.startStopped(options.command());
    }
    List<Integer> tasks;
    String filter = null;
    boolean inherit = true;
    if (targets.systemWide()) {
      tasks = List.of(-1);
      filter = excludeFilter(targets.excluded());
    } else if (targets.tracesCommand()) {
      tasks = List.of(workload.pid());
    } else {
      tasks = targets.tids();
      inherit =
          false; // per-thread events; threads started later are not followed (as perf record -p)
    }
    try {
      int watermark = CaptureSpec.watermarkBytes(options.ringPages());
      List<EventAttr> attrs = new ArrayList<>();
      for (int k = 0; k < tracepoints.size(); k++) {
        EventAttr.Builder attr =
            TracerAttr.tracepoint(tracepoints.get(k).id())
                .sampleType(TracerAttr.COUNTED_SAMPLE_TYPE)
                .flags(inherit, AttrFlag.INHERIT)
                .flags(targets.tracesCommand(), AttrFlag.ENABLE_ON_EXEC)
                .wakeupWatermark(watermark)
                .flags(k == 0, AttrFlag.COMM, AttrFlag.COMM_EXEC, AttrFlag.TASK)
                .flags(k == 0 && options.callGraph(), AttrFlag.MMAP, AttrFlag.MMAP2)
                // perf's unwinder finds a binary's .eh_frame_hdr through its read-only mapping
                .flags(k == 0 && options.dwarfStackSize() > 0, AttrFlag.MMAP_DATA);
        if (options.callGraph() && options.dwarfStackSize() > 0) {
          // perf record --call-graph dwarf's sample: kernel callchain, user regs and stack copy
          TracerAttr.withUserStack(
                  attr, RecordedMappings.MAX_FRAMES, true, options.dwarfStackSize())
              .sampleType(TracerAttr.DWARF_SAMPLE_TYPE | SampleType.IP);
        } else {
          // the IP too, as perf record gives it: perf script prints a stack's frames by it
          long type =
              options.callGraph()
                  ? TracerAttr.CALLCHAIN_SAMPLE_TYPE | SampleType.IP | SampleType.PERIOD
                  : TracerAttr.COUNTED_SAMPLE_TYPE;
          if (options.callGraph()) {
            TracerAttr.withCallchain(attr, RecordedMappings.MAX_FRAMES, true);
          }
          if (abiRegs(tracepoints.get(k))) {
            // (a dwarf stack's sample has the user registers, and so their ABI, already)
            type |= SampleType.REGS_USER;
            attr.sampleRegsUser(ABI_REGISTER);
          }
          attr.sampleType(type);
        }
        attrs.add(attr.build());
      }
      open(tracepoints, attrs, cpus, tasks, filter);
      List<PerfDataWriter.Event> events = new ArrayList<>();
      for (int k = 0; k < tracepoints.size(); k++) {
        Tracepoint t = tracepoints.get(k);
        events.add(
            new PerfDataWriter.Event(
                attrs.get(k), t.name(), t.ids().stream().mapToLong(Long::longValue).toArray()));
      }
      contents =
          options.contents()
              ? openContents(
                  tracefs,
                  tracepoints,
                  cpus,
                  tasks,
                  targets.excluded(),
                  targets.tracesCommand(),
                  inherit)
              : null;
      if (contents != null) {
        events.add(contents.event());
        tracing = tracing.withFormat("jtrace", RecordedFormats.PAIRED);
      } else {
        strings = openStrings(tracefs, tracepoints, cpus, tasks, targets.excluded());
      }
      if (strings != null) {
        // written as a tracepoint of a format of the file's own: the samples are text to perf
        EventAttr attr =
            TracerAttr.tracepoint(StringCapture.MARKER)
                .wakeupWatermark(CaptureSpec.watermarkBytes(options.ringPages()))
                .build();
        events.add(
            new PerfDataWriter.Event(attr, StringCapture.RECORDED_NAME, strings.outputIds()));
        tracing = tracing.withFormat("jtrace", StringCapture.RECORDED_FORMAT);
      }
      try (PerfDataWriter writer =
              PerfDataWriter.create(
                  Path.of(options.output()),
                  new PerfDataWriter.Options(pipe, ByteOrder.LITTLE_ENDIAN),
                  events,
                  tracing,
                  HostInfo.host(options.argv()));
          Poller poller = new Poller(rings.stream().map(r -> r.owner().fd()).toList())) {
        Signals.onStop(stop, stopSignal::set);
        if (contents != null) {
          contents.start(writer, events.size() - 1);
        }
        if (mappings != null) {
          mappings.synthesize(writer, targets.tracesCommand() ? List.of() : tasks);
        }
        if (!targets.tracesCommand()) {
          synthesizeComms(writer, tasks);
          for (PerfEvent e : opened) e.enable();
        }
        if (workload != null) workload.resume();
        while (!stop.get()) {
          poller.await(POLL_MS);
          drainAll(writer);
          if (workload != null && !workload.isAlive()) break;
          if (!options.pids().isEmpty()
              && options.pids().stream().noneMatch(p -> Files.exists(Path.of("/proc/" + p)))) break;
        }
        if (stop.get() && workload != null && workload.isAlive()) {
          // stopped by SIGINT/SIGTERM: as perf record does, the workload ends with the recording
          // (its last syscalls are still recorded)
          workload.terminate();
          workload.awaitExit(WORKLOAD_GRACE_MS);
        }
        for (PerfEvent e : opened) {
          try {
            e.disable();
          } catch (PerfException ignored) {
            // the final drain follows either way
          }
        }
        drainAll(writer);
        if (contents != null) {
          long lostCalls = contents.finish(System.nanoTime());
          writer.finishedRound();
          if (lostCalls > 0) {
            err.println(
                "jtrace record: the copies of "
                    + lostCalls
                    + " calls' arguments were lost (try a larger -m): jtrace -i shows their"
                    + " pointers");
          }
        }
        if (mappings != null) {
          writer.buildIds(mappings.buildIds());
        }
        long kernelLost = 0;
        for (PerfEvent e : opened) kernelLost += e.lostSamples();
        if (kernelLost > lostReported) writer.lostSamples(kernelLost - lostReported, lastTime, 0);
        if (kernelLost > 0)
          err.println("jtrace record: " + kernelLost + " events were lost (try a larger -m)");
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (!pipe) {
        long bytes = Files.size(Path.of(options.output()));
        err.printf(
            Locale.ROOT,
            "[ jtrace record: Captured and wrote %.3f MB %s (%d samples) ]%n",
            bytes / 1048576.0,
            options.output(),
            samples);
      }
      return exitStatus(workload);
    } finally {
      if (workload != null) workload.terminate();
      if (strings != null) strings.close();
      if (contents != null) contents.close();
      for (RingBuffer r : rings) r.close();
      for (PerfEvent e : opened) e.close();
    }
  }

  /**
   * As perf record 6.1: the workload's exit status (128+signal when a signal ended it, which is
   * SIGTERM when a stop signal ended the recording); without a workload 0, or 128+signal when
   * SIGINT or SIGTERM stopped it. (perf then raises the signal against itself; the shell's {@code
   * $?} is the same.)
   */
  private int exitStatus(Workload workload) throws InterruptedException {
    if (workload != null) {
      return workload.awaitExit(WORKLOAD_GRACE_MS) ? workload.waitFor() : 128 + SIGTERM;
    }
    int signal = stopSignal.get();
    return signal > 0 ? 128 + signal : 0;
  }

  /**
   * The string arguments (paths) of the recorded syscall entries, copied in the kernel into the
   * same rings as BPF output samples of their own event ({@link StringCapture#RECORDED_NAME}), so
   * that {@code jtrace -i} prints them and names fds by them; null when no syscall entry is
   * recorded or BPF is refused (then a line says so). perf reads such files as they are: its tools
   * print the extra event's samples as BPF output, or leave them out.
   */
  private StringCapture openStrings(
      Tracefs tracefs,
      List<Tracepoint> tracepoints,
      List<Integer> cpus,
      List<Integer> tasks,
      Set<Integer> excluded) {
    List<Tracepoint> enters = new ArrayList<>();
    List<Integer> argFields = new ArrayList<>();
    for (Tracepoint t : tracepoints) {
      int colon = t.name().indexOf(':');
      String system = t.name().substring(0, colon);
      String name = t.name().substring(colon + 1);
      boolean enter =
          (system.equals("raw_syscalls") && name.equals("sys_enter"))
              || (system.equals("syscalls") && name.startsWith("sys_enter_"));
      if (!enter) continue;
      var format = tracefs.format(system, name);
      if (format.isEmpty()) continue;
      // the arguments after the syscall number: raw_syscalls' args[6] counts as six
      int fields = 0;
      for (var f : format.get().fields()) {
        if (f.common() || f.name().equals("__syscall_nr") || f.name().equals("id")) continue;
        fields += f.isArray() ? Math.max(1, f.arrayLength()) : 1;
      }
      enters.add(t);
      argFields.add(fields);
    }
    if (enters.isEmpty()) return null;
    boolean systemWide = tasks.equals(List.of(-1));
    StringCapture c = null;
    try {
      Map<Integer, int[]> args =
          StringCapture.argsFor(SyscallBeautifier.forArch(Arch.host()), null);
      c =
          StringCapture.open(
              tracefs, cpus, args, systemWide, CaptureSpec.watermarkBytes(options.ringPages()));
      if (systemWide) {
        for (int tid : excluded) c.exclude(tid);
      } else {
        for (int tid : tasks) c.trace(tid);
      }
      for (RingBuffer ring : rings) c.redirectInto(ring.cpu(), ring.owner());
      c.enable();
      for (int i = 0; i < enters.size(); i++) {
        c.attachTo(enters.get(i).id(), argFields.get(i));
      }
      return c;
    } catch (PerfException | RuntimeException e) {
      if (c != null) c.close();
      err.println(
          "jtrace record: no string capture ("
              + e.getMessage()
              + "): paths are recorded as pointers");
      return null;
    }
  }

  /**
   * The argument memory of the recorded syscalls, copied by the paired BPF capture ({@link
   * ContentRecording}); null when no syscall is recorded or BPF is refused (then a line says so,
   * and the string capture is tried).
   */
  private ContentRecording openContents(
      Tracefs tracefs,
      List<Tracepoint> tracepoints,
      List<Integer> cpus,
      List<Integer> tasks,
      Set<Integer> excluded,
      boolean fromExec,
      boolean followForks) {
    SyscallBeautifier beautifier = SyscallBeautifier.forArch(Arch.host());
    boolean all = false;
    Set<Integer> numbers = new HashSet<>();
    for (Tracepoint t : tracepoints) {
      String name = t.name();
      if (name.startsWith("raw_syscalls:")) {
        all = true;
      } else if (name.startsWith("syscalls:sys_enter_") || name.startsWith("syscalls:sys_exit_")) {
        String call = name.substring(name.indexOf('_', "syscalls:sys_".length()) + 1);
        int nr = beautifier.number(call);
        if (nr >= 0) numbers.add(nr);
      }
    }
    if (!all && numbers.isEmpty()) return null;
    boolean every = all;
    try {
      return ContentRecording.open(
          tracefs,
          nr -> every || numbers.contains(nr),
          options,
          cpus,
          tasks,
          excluded,
          fromExec,
          followForks);
    } catch (PerfException | RuntimeException e) {
      err.println(
          "jtrace record: no BPF capture of the arguments' memory ("
              + e.getMessage()
              + "): buffers and structs are recorded as pointers");
      return null;
    }
  }

  /** The -e events, globs ({@code sched:*wakeup}, {@code signal:*}) expanded against tracefs. */
  private List<Tracepoint> resolve(Tracefs tracefs) throws IOException {
    List<Tracepoint> out = new ArrayList<>();
    for (String e : options.events()) {
      List<String> names;
      try {
        names = EventSelection.resolve(e, tracefs);
      } catch (SyscallSelection.BadExpression x) {
        throw new IOException(x.getMessage() + " in " + tracefs.root());
      }
      for (String n : names) {
        int colon = n.indexOf(':');
        out.add(
            new Tracepoint(
                n,
                tracefs.eventId(n.substring(0, colon), n.substring(colon + 1)),
                new ArrayList<>()));
      }
    }
    return out;
  }

  /**
   * Per CPU one ring, owned by the first event opened there; every other event is redirected into
   * it.
   */
  private void open(
      List<Tracepoint> tracepoints,
      List<EventAttr> attrs,
      List<Integer> cpus,
      List<Integer> tasks,
      String filter)
      throws PerfException {
    for (int cpu : cpus) {
      PerfEvent owner = null;
      for (int task : tasks) {
        for (int k = 0; k < tracepoints.size(); k++) {
          Tracepoint t = tracepoints.get(k);
          PerfEvent e = PerfEvent.open(attrs.get(k), task, cpu, t.name());
          opened.add(e);
          if (filter != null) e.setFilter(filter);
          t.ids().add(e.id());
          if (owner == null) {
            owner = e;
            rings.add(RingBuffer.map(e, cpu, options.ringPages()));
          } else {
            e.redirectTo(owner);
          }
        }
      }
    }
  }

  /**
   * Copies every ring's records into the file, a ring pass at a time: one bulk copy out of the ring
   * (which frees it for the kernel at once) and one into the file; only the record headers are
   * looked at, to count samples and losses. A pass that wrote anything ends with FINISHED_ROUND.
   */
  private void drainAll(PerfDataWriter writer) throws IOException {
    long before = samples;
    boolean any = false;
    for (RingBuffer r : rings) {
      if (chunk == null) {
        chunk = Arena.ofAuto().allocate(r.dataBytes(), 8);
      }
      long n = r.copyAvailable(chunk);
      if (n == 0) continue;
      any = true;
      long off = 0;
      while (off + 8 <= n) {
        long header = chunk.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
        int type = (int) header;
        int size = (int) (header >>> 48) & 0xffff;
        if (size < 8 || off + size > n) break;
        if (type == RecordType.SAMPLE) samples++;
        else if (type == RecordType.MMAP2 && mappings != null) mappings.seen(chunk, off, size);
        else if (type == RecordType.LOST && size >= 24)
          lostReported += chunk.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 16);
        off += size;
      }
      writer.records(chunk, off);
    }
    if (contents != null && contents.drain()) {
      any = true;
    }
    if (any) {
      writer.finishedRound();
      // on disk at once: a recording killed later still holds everything up to here
      writer.flush();
    }
    if (samples > before) lastTime = System.nanoTime();
  }

  /**
   * x86's perf register of the IP: the one register a raw_syscalls:sys_enter sample carries on a
   * host with a compat ABI, for the ABI the kernel gives with the user registers (32-bit for a
   * 32-bit task's calls), which is how a replay tells an ia32 call from a native one of the same
   * number; the kernel refuses an empty register set.
   */
  static final long ABI_REGISTER = 1L << 8;

  /** Whether t's samples carry {@link #ABI_REGISTER}: the raw syscall entries, on such a host. */
  private static boolean abiRegs(Tracepoint t) {
    return CompatAbi.compatArch(Arch.host()) != null && t.name().equals("raw_syscalls:sys_enter");
  }

  /** COMM records for threads that exist already (perf record synthesizes them the same way). */
  private static void synthesizeComms(PerfDataWriter writer, List<Integer> tasks)
      throws IOException {
    List<Path> taskDirs = new ArrayList<>();
    if (tasks.equals(List.of(-1))) {
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try (Stream<Path> ts = Files.list(p.resolve("task"))) {
            taskDirs.addAll(ts.toList());
          } catch (IOException gone) {
            // the process ended meanwhile
          }
        }
      }
    } else {
      for (int tid : tasks) {
        taskDirs.add(Path.of("/proc", Integer.toString(tid)));
      }
    }
    for (Path dir : taskDirs) {
      try {
        String comm = Files.readString(dir.resolve("comm")).strip();
        int tid = Integer.parseInt(dir.getFileName().toString());
        String status = Files.readString(dir.resolve("status"));
        int tgid = tid;
        for (String line : status.split("\n")) {
          if (line.startsWith("Tgid:")) tgid = Integer.parseInt(line.substring(5).strip());
        }
        writer.comm(tgid, tid, comm, 0, 0, false);
      } catch (IOException | NumberFormatException gone) {
        // the thread ended meanwhile
      }
    }
  }

  /** The kernel filter that drops the excluded tasks (jtrace and its ancestors), or null. */
  private static String excludeFilter(Set<Integer> excluded) {
    StringBuilder sb = new StringBuilder();
    for (int t : excluded) sb.append(sb.isEmpty() ? "" : " && ").append("common_pid != ").append(t);
    return sb.isEmpty() ? null : sb.toString();
  }
}
