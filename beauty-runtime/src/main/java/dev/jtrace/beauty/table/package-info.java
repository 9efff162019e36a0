/**
 * String tables of the kernel ABI: value ↔ name for options, flags, offsets, ioctl commands, errnos
 * and syscall numbers. The types here are hand-written; their contents are generated from the
 * pinned ABI snapshot into {@code dev.jtrace.beauty.table.gen}. {@link
 * dev.jtrace.beauty.table.Tables} finds a table by name.
 */
package dev.jtrace.beauty.table;
