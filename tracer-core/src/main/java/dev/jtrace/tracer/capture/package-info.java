/**
 * Opening the syscall tracepoints for a target, and merging the per-CPU streams.
 *
 * <ul>
 *   <li>{@link dev.jtrace.tracer.capture.SyscallCapture#open} turns a {@link
 *       dev.jtrace.tracer.capture.CaptureSpec} (tasks or system-wide, CPUs, syscall selection,
 *       excluded tids, inherit, enable_on_exec, ring pages) into perf events: {@code
 *       syscalls:sys_enter_NAME}/{@code sys_exit_NAME} pairs for up to {@value
 *       dev.jtrace.tracer.capture.CaptureSpec#MAX_PER_SYSCALL_TRACEPOINTS} selected syscalls, else
 *       {@code raw_syscalls:sys_enter}/{@code sys_exit} with an {@code id == …} filter; {@code
 *       common_pid != …} drops excluded tasks in the kernel. One ring per CPU, every other event on
 *       that CPU redirected into it; the first event per task and CPU also emits COMM, FORK and
 *       EXIT records. {@link dev.jtrace.tracer.capture.SyscallCapture#tracepoints()} tells a {@link
 *       dev.jtrace.tracer.event.RingRecordDecoder} which ids are entries and exits; {@link
 *       dev.jtrace.tracer.capture.SyscallCapture#kernelLost()} counts every drop, reported or not.
 *   <li>{@link dev.jtrace.tracer.capture.SyscallCapture#openSideBand} opens only the tasks' COMM,
 *       FORK and EXIT records (one dummy event per CPU and task) beside the paired BPF capture.
 *   <li>{@link dev.jtrace.tracer.capture.FdWatch} wakes the reader on each new fd (per-event
 *       wakeups on the exits of fd-creating syscalls only), so their paths can be read from /proc
 *       while still open.
 *   <li>{@link dev.jtrace.tracer.capture.ReorderBuffer} merges the CPUs' records in timestamp order
 *       up to a time every ring is known to have been read to.
 * </ul>
 */
package dev.jtrace.tracer.capture;
