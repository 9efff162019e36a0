/**
 * The typed event model: immutable records decoded from perf rings and the paired BPF capture's
 * ring ({@link dev.jtrace.tracer.event.TraceRecord} and its kinds, among them {@link
 * dev.jtrace.tracer.event.PairedSyscall}, a whole call with its {@link
 * dev.jtrace.tracer.event.PairedContents}), the joined {@link dev.jtrace.tracer.event.SyscallEvent}
 * every output consumes, and the decoders that turn ring bytes into records: {@link
 * dev.jtrace.tracer.event.RingRecordDecoder} (perf) and {@link
 * dev.jtrace.tracer.event.PairedRecordDecoder} (BPF ring buffer). {@link
 * dev.jtrace.tracer.event.CompatAbi} says which beautifier renders a call of the 32-bit compat ABI
 * (i386 on x86_64) and how its numbers map onto the native ones.
 */
package dev.jtrace.tracer.event;
