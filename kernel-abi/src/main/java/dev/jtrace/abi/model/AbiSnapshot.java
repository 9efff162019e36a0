package dev.jtrace.abi.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole pinned kernel ABI: the input of every generator pass and of check-headers.
 *
 * @param kernelVersion the version of the kernel tree, e.g. {@code 6.12.57}
 * @param headers by tree path, sorted
 * @param syscallTables by arch name, sorted
 * @param formats by {@code system/name}, sorted
 * @param manifest every source file, sorted by path
 * @param layouts struct layouts by arch name, sorted
 */
public record AbiSnapshot(
    String kernelVersion,
    Map<String, HeaderFacts> headers,
    Map<String, SyscallTableFacts> syscallTables,
    Map<String, EventFormat> formats,
    List<SourceFile> manifest,
    Map<String, ArchLayouts> layouts) {
  public AbiSnapshot {
    // Sorted, not Map.copyOf: whoever iterates a snapshot gets the same order on every run.
    headers = sorted(headers);
    syscallTables = sorted(syscallTables);
    formats = sorted(formats);
    manifest = List.copyOf(manifest);
    layouts = sorted(layouts);
  }

  /** A snapshot without struct layouts. */
  public AbiSnapshot(
      String kernelVersion,
      Map<String, HeaderFacts> headers,
      Map<String, SyscallTableFacts> syscallTables,
      Map<String, EventFormat> formats,
      List<SourceFile> manifest) {
    this(kernelVersion, headers, syscallTables, formats, manifest, Map.of());
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
