/**
 * The ABI snapshot's text format (docs/ABI-SNAPSHOT.md), both ways: {@link
 * dev.jtrace.abi.snapshot.SnapshotReader} turns a snapshot directory into an {@link
 * dev.jtrace.abi.model.AbiSnapshot}, {@link dev.jtrace.abi.snapshot.SnapshotWriter} writes one;
 * {@link dev.jtrace.abi.snapshot.TrackedHeaders} is the list of headers a snapshot follows.
 * Deriving a snapshot from a kernel tree is {@code dev.jtrace.abi.extract}.
 */
package dev.jtrace.abi.snapshot;
