package dev.jtrace.tracer.bpfobject;

/**
 * One map an object defines, as bpf(BPF_MAP_CREATE) takes it.
 *
 * @param maxEntries 0 for a perf event array: one entry per possible CPU then
 */
public record MapDefinition(
    String name, int type, int keySize, int valueSize, int maxEntries, int flags) {
  /** BPF_MAP_TYPE_PERF_EVENT_ARRAY: its output prints among the syscalls under the map's name. */
  public static final int PERF_EVENT_ARRAY = 4;

  public boolean isPerfEventArray() {
    return type == PERF_EVENT_ARRAY;
  }

  static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects a definition member by member (BTF) or field by field (legacy). */
  static final class Builder {
    private final String name;
    private int type;
    private int keySize;
    private int valueSize;
    private int maxEntries;
    private int flags;

    private Builder(String name) {
      this.name = name;
    }

    Builder type(int v) {
      type = v;
      return this;
    }

    Builder keySize(int v) {
      keySize = v;
      return this;
    }

    Builder valueSize(int v) {
      valueSize = v;
      return this;
    }

    Builder maxEntries(int v) {
      maxEntries = v;
      return this;
    }

    Builder flags(int v) {
      flags = v;
      return this;
    }

    MapDefinition build() {
      return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags);
    }
  }
}
