/**
 * {@code jtrace -i FILE}: replays a perf.data recording through the live tracer's processor and
 * outputs (text, JSON, summaries, selections and filters all apply), naming syscalls by the file's
 * own arch.
 */
package dev.jtrace.tracer.replay;
