package dev.jtrace.unwind;

import dev.jtrace.symbols.CodeAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CFI of every binary met, read once per binary (by its build id, device:inode or path, the
 * symbolizer's key): the second unwind through a library costs a map lookup.
 */
public final class CfiCache {
  private final Path debugRoot;
  private final Map<String, BinaryCfi> byKey = new HashMap<>();

  public CfiCache(Path debugRoot) {
    this.debugRoot = debugRoot;
  }

  /** The CFI of the binary at this located address. */
  public BinaryCfi of(CodeAddress code) {
    String key = code.key() != null ? code.key() : code.path();
    BinaryCfi cfi = byKey.get(key);
    if (cfi == null) {
      cfi =
          BinaryCfi.load(
              Path.of(code.path()),
              code.binary() == null ? null : code.binary().buildId(),
              debugRoot);
      byKey.put(key, cfi);
    }
    return cfi;
  }

  /** Binaries read so far. */
  public int size() {
    return byKey.size();
  }
}
