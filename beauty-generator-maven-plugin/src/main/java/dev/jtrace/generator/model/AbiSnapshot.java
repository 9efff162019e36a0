package dev.jtrace.generator.model;

import java.util.List;
import java.util.Map;

/**
 * The whole pinned kernel ABI: the input of every generator pass and of check-headers.
 *
 * @param kernelVersion the version of the kernel tree, e.g. {@code 6.12.57}
 * @param headers by tree path
 * @param syscallTables by arch name
 * @param formats by {@code system/name}
 * @param manifest every source file, sorted by path
 */
public record AbiSnapshot(
    String kernelVersion,
    Map<String, HeaderFacts> headers,
    Map<String, SyscallTableFacts> syscallTables,
    Map<String, EventFormat> formats,
    List<SourceFile> manifest) {
  public AbiSnapshot {
    headers = Map.copyOf(headers);
    syscallTables = Map.copyOf(syscallTables);
    formats = Map.copyOf(formats);
    manifest = List.copyOf(manifest);
  }
}
