package dev.jtrace.symbols;

/**
 * One mapped range of a process: [start, end) maps the file at {@code path} from {@code pgoff}.
 * {@code key} names the file for the cache (build id, device and inode, or the path); the symbols
 * are looked up once, on the first address in the range.
 */
final class Mapping {
  final long start;
  final long end;
  final long pgoff;
  final String path;
  final String key;
  BinarySymbols binary;

  Mapping(long start, long end, long pgoff, String path, String key) {
    this.start = start;
    this.end = end;
    this.pgoff = pgoff;
    this.path = path;
    this.key = key;
  }

  /**
   * Whether the range maps a file (not anonymous memory, perf's {@code //anon}, nor the heap, the
   * stack or the vdso).
   */
  boolean fileBacked() {
    return path.startsWith("/") && !path.startsWith("//");
  }

  /**
   * Whether an address in the range is named as itself rather than by its offset in the mapped
   * object: anonymous memory, the heap, the stack, shared memory (perf's identity maps).
   */
  boolean identity() {
    return path.startsWith("//anon")
        || path.startsWith("[stack")
        || path.equals("[heap]")
        || path.startsWith("/dev/zero")
        || path.startsWith("/SYSV")
        || path.startsWith("/anon_hugepage");
  }
}
