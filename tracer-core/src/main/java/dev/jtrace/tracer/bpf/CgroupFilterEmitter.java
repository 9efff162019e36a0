package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;

import dev.jtrace.tracer.filter.CgroupScope;

/**
 * {@code -G}: jumps out unless the current task is in the cgroup or below it
 * (bpf_get_current_ancestor_cgroup_id at the cgroup's depth is its id). Emitted at sys_enter before
 * the thread's record is looked up, and in sys_exit's path for a return without an entry.
 */
final class CgroupFilterEmitter {
  private static final int HELPER_GET_CURRENT_ANCESTOR_CGROUP_ID = 123;

  private CgroupFilterEmitter() {}

  /** Clobbers R0-R5. Nothing is emitted without a scope. */
  static void emit(BpfAssembler a, CgroupScope scope, String out) {
    if (scope == null) {
      return;
    }
    a.movImm(R1, scope.level()).call(HELPER_GET_CURRENT_ANCESTOR_CGROUP_ID);
    a.loadImm64(R1, scope.id()).jumpReg(JNE, R0, R1, out);
  }
}
