/** Reading and writing the ABI snapshot's text format (docs/ABI-SNAPSHOT.md), and refreshing it from a kernel tree. */
package dev.jtrace.generator.snapshot;
