/**
 * eBPF objects given to {@code -e} (perf trace's scriptlets): an ELF relocatable as clang writes it
 * ({@link dev.jtrace.tracer.bpfobject.BpfObjectReader}), its programs by the section that says
 * where they attach, its maps from the BTF-style {@code .maps} and the legacy {@code maps}
 * sections, and {@code -e file.c} compiled with clang first ({@link
 * dev.jtrace.tracer.bpfobject.ScriptletCompiler}). Loading and attaching is {@link
 * dev.jtrace.tracer.bpf.LoadedObject}'s job.
 */
package dev.jtrace.tracer.bpfobject;
