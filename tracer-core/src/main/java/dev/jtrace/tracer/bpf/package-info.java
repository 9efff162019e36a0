/**
 * In-kernel capture with eBPF, bytecode emitted at run time: a tiny assembler ({@link
 * dev.jtrace.tracer.bpf.BpfAssembler}), the bpf(2) calls through FFM ({@link
 * dev.jtrace.tracer.bpf.Bpf}), and two captures. {@link dev.jtrace.tracer.bpf.PairedCapture} joins
 * each syscall's entry and exit in the kernel (raw_syscalls tracepoints, a per-thread record, see
 * {@link dev.jtrace.tracer.bpf.PairedLayout}) and copies the argument memory a {@link
 * dev.jtrace.tracer.bpf.ContentPlan} names (the generated per-arch contents: strings, structs,
 * buffers, iovecs, argv; ia32 calls by i386's), one record per call into a BPF ring buffer ({@link
 * dev.jtrace.tracer.bpf.BpfRing}). {@link dev.jtrace.tracer.bpf.StringCapture} copies the path
 * arguments at sys_enter into the per-CPU perf rings of the tracepoint capture. Reading user memory
 * later from user space is not reliable (the process may be gone or have reused the buffer), and
 * this kernel has no kprobes for perf's vfs_getname. {@link dev.jtrace.tracer.bpf.CompatCheck}
 * emits the test "is this a 32-bit compat call?" (the task's TS_COMPAT status bit, at the offset
 * the kernel's BTF gives) into any capture program; the string capture marks compat calls with it.
 * {@link dev.jtrace.tracer.bpf.SummaryCapture} is -s in the kernel: per (thread, syscall) stats in
 * bounded maps ({@link dev.jtrace.tracer.bpf.SummaryLayout}), no record per call.
 */
package dev.jtrace.tracer.bpf;
