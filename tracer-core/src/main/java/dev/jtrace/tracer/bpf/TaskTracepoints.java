package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.ADD;
import static dev.jtrace.tracer.bpf.BpfAssembler.JEQ;
import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;
import static dev.jtrace.tracer.bpf.BpfAssembler.R10;
import static dev.jtrace.tracer.bpf.BpfAssembler.R2;
import static dev.jtrace.tracer.bpf.BpfAssembler.R3;
import static dev.jtrace.tracer.bpf.BpfAssembler.R4;
import static dev.jtrace.tracer.bpf.BpfAssembler.R6;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;

/**
 * What both BPF captures do on the scheduler's tracepoints: follow a traced thread's children into
 * the traced-threads map before they run, and hang a program on a tracepoint.
 */
final class TaskTracepoints {
  private static final long IOC_SET_BPF = 0x40042408L;
  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_MAP_UPDATE = 2;

  private TaskTracepoints() {}

  /**
   * The sched_process_fork program: a child of a thread whose value in tids is traced gets the same
   * value.
   */
  static long[] forkFollower(Tracefs tracefs, int tids, int traced) throws PerfException {
    TracepointFormat format =
        tracefs
            .format("sched", "sched_process_fork")
            .orElseThrow(
                () -> new PerfException("tracefs has no sched:sched_process_fork format", 0));
    FieldFormat parentField = format.field("parent_pid");
    FieldFormat childField = format.field("child_pid");
    if (parentField == null || childField == null) {
      throw new PerfException("sched:sched_process_fork has no parent_pid/child_pid fields", 0);
    }
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    a.load(W, R1, R6, parentField.offset()).store(W, R10, -4, R1);
    a.loadMap(R1, tids).movReg(R2, R10).aluImm(ADD, R2, -4).call(HELPER_MAP_LOOKUP);
    a.jumpImm(JEQ, R0, 0, "out");
    a.load(W, R1, R0, 0).jumpImm(JNE, R1, traced, "out");
    a.load(W, R1, R6, childField.offset()).store(W, R10, -8, R1);
    a.storeImm(W, R10, -12, traced);
    a.loadMap(R1, tids).movReg(R2, R10).aluImm(ADD, R2, -8);
    a.movReg(R3, R10).aluImm(ADD, R3, -12).movImm(R4, 0).call(HELPER_MAP_UPDATE);
    a.label("out").movImm(R0, 0).exit(); // 0: no sample for this event
    return a.build();
  }

  /**
   * Runs prog on every hit of a tracepoint, on any CPU and task, through an event of its own that
   * stays disabled (so it samples and counts nothing) and is not inherited. A program set on an
   * inherited per-task event is detached from the tracepoint when the first inherited copy is freed
   * (the kernel copies the program to the child's event and detaches it when that event goes): the
   * first child to exit would end the capture for everyone. The caller closes the event.
   */
  static PerfEvent attach(long tracepointId, int prog, int cpu, String name) throws PerfException {
    PerfEvent anchor = PerfEvent.open(TracerAttr.tracepoint(tracepointId).build(), -1, cpu, name);
    try {
      NativeCalls.ioctl(anchor.fd(), IOC_SET_BPF, prog);
      return anchor;
    } catch (PerfException e) {
      anchor.close();
      throw e;
    }
  }
}
