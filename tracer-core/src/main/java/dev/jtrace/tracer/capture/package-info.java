/**
 * Opening the syscall tracepoints for a target ({@link dev.jtrace.tracer.capture.SyscallCapture} from a
 * {@link dev.jtrace.tracer.capture.CaptureSpec}) and merging the per-CPU streams into timestamp order
 * ({@link dev.jtrace.tracer.capture.ReorderBuffer}).
 */
package dev.jtrace.tracer.capture;
