/**
 * The kernel ABI as facts: what the snapshot in {@code tools-include-uapi} holds and what the
 * generator and check-headers read. Immutable records, no parsing and no I/O here.
 */
package dev.jtrace.abi.model;
