/**
 * In-kernel capture of syscall string arguments with eBPF: a tiny assembler ({@link
 * dev.jtrace.tracer.bpf.BpfAssembler}), the bpf(2) calls through FFM ({@link
 * dev.jtrace.tracer.bpf.Bpf}), and {@link dev.jtrace.tracer.bpf.StringCapture}, which copies the
 * path arguments of the traced tasks' syscalls at sys_enter (bpf_probe_read_user_str) into the
 * per-CPU rings the tracer already reads. Reading the strings later from user space is not reliable
 * (the process may be gone or have reused the buffer), and this kernel has no kprobes for perf's
 * vfs_getname. {@link dev.jtrace.tracer.bpf.CompatCheck} emits the test "is this a 32-bit compat
 * call?" (the task's TS_COMPAT status bit, at the offset the kernel's BTF gives) into any capture
 * program; the string capture marks compat calls with it.
 */
package dev.jtrace.tracer.bpf;
