package dev.jtrace.abi.model;

/**
 * A manifest row: one source file the snapshot was derived from.
 *
 * @param path where the facts came from, relative to the kernel tree (or {@code tracefs/…} for
 *     formats)
 * @param sha256 hex digest of the source file's bytes
 */
public record SourceFile(String path, String sha256) {}
