package dev.jtrace.abi.cheader;

import java.util.Map;
import java.util.Optional;

/** Headers held in memory for tests: tree path to text; includes resolve like a source tree. */
final class MapHeaderSource implements HeaderSource {
  private final Map<String, String> files;

  MapHeaderSource(Map<String, String> files) {
    this.files = files;
  }

  @Override
  public Optional<String> resolve(String name, boolean angled, String includer, TargetArch arch) {
    for (String candidate :
        new String[] {
          "arch/" + arch.dir() + "/include/uapi/" + name,
          "include/uapi/" + name,
          "include/" + name,
          name.startsWith("asm/") ? "include/uapi/asm-generic/" + name.substring(4) : name
        }) {
      if (files.containsKey(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public String read(String treePath) {
    return files.get(treePath);
  }
}
