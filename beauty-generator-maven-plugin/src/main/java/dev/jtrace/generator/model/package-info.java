/**
 * The kernel ABI as facts: what the snapshot in {@code tools-include-uapi} holds and what every generator
 * pass reads. Immutable records, no parsing and no I/O here.
 */
package dev.jtrace.generator.model;
