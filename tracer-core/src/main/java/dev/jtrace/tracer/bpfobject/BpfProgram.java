package dev.jtrace.tracer.bpfobject;

import java.util.List;

/**
 * One program of an object: its function's name, where it attaches, its instructions (as the object
 * holds them: map loads still unpatched) and the map each of those loads refers to.
 */
public record BpfProgram(
    String name, String section, AttachPoint attach, long[] insns, List<MapReference> maps) {

  /** A 16-byte {@code ld_imm64} at instruction index {@code insn} that loads the named map. */
  public record MapReference(int insn, String map) {}

  /**
   * The instructions with every map load patched to the map's fd (src_reg BPF_PSEUDO_MAP_FD).
   *
   * @param fdOf the fd of each map, by name
   */
  public long[] relocated(java.util.function.ToIntFunction<String> fdOf) {
    long[] out = insns.clone();
    for (MapReference r : maps) {
      long insn = out[r.insn()];
      long srcIsMapFd = (long) PSEUDO_MAP_FD << 12;
      out[r.insn()] = (insn & 0xffff_0fffL) | srcIsMapFd | ((long) fdOf.applyAsInt(r.map()) << 32);
    }
    return out;
  }

  /** src_reg of an ld_imm64 whose imm is a map fd. */
  private static final int PSEUDO_MAP_FD = 1;
}
