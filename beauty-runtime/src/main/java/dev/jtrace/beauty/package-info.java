/**
 * Syscall beautifiers: turn a syscall number, its six raw argument values, optional captured user
 * memory and a context that knows process names and open files into the text perf trace users know.
 * Independent of how the syscall was captured (live, perf.data, a test).
 */
package dev.jtrace.beauty;
