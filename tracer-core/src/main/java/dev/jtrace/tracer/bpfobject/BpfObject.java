package dev.jtrace.tracer.bpfobject;

import java.util.List;

/**
 * An eBPF object read from its ELF file: its programs, the maps they use, the license the loader
 * passes (GPL-only helpers need a GPL-compatible one) and the kernel version of its {@code version}
 * section (0 when absent).
 */
public record BpfObject(
    String file,
    List<BpfProgram> programs,
    List<MapDefinition> maps,
    String license,
    int kernelVersion) {}
