package dev.jtrace.checkheaders;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A small kernel tree written for tests, with a snapshot refreshed from it; the tests then edit the
 * tree.
 */
public final class DemoKernel {
  /** The tree's one tracked header, {@code include/uapi/linux/demo.h}. */
  public static final String HEADER =
      """
      /* a header written for this test */
      #ifndef _UAPI_JTRACE_TEST_DEMO_H
      #define _UAPI_JTRACE_TEST_DEMO_H
      #include <linux/types.h>
      #define DEMO_ONE   1   /* the first */
      #define DEMO_TWO   2
      struct demo_args { __u32 flags; __u64 addr; };
      enum demo_kind { DEMO_A, DEMO_B };
      #endif
      """;

  public static final String DEMO_H = "include/uapi/linux/demo.h";
  public static final String SYSCALL_64_TBL = "arch/x86/entry/syscalls/syscall_64.tbl";

  private final Path tree;
  private final Path snapshot;

  private DemoKernel(Path tree, Path snapshot) {
    this.tree = tree;
    this.snapshot = snapshot;
  }

  /** Writes the tree into {@code dir/kernel} and its snapshot into {@code dir/snapshot}. */
  public static DemoKernel in(Path dir) throws IOException {
    return write(
        Files.createDirectories(dir.resolve("kernel")),
        Files.createDirectories(dir.resolve("snapshot")));
  }

  /**
   * Writes the tree into {@code tree} and the snapshot a refresh takes of it into {@code snapshot}.
   */
  public static DemoKernel write(Path tree, Path snapshot) throws IOException {
    DemoKernel k = new DemoKernel(tree, snapshot);
    k.write("Makefile", "VERSION = 6\nPATCHLEVEL = 99\nSUBLEVEL = 0\nEXTRAVERSION =\n");
    k.write(DEMO_H, HEADER);
    k.write(
        "include/uapi/linux/types.h",
        "typedef unsigned int __u32;\ntypedef unsigned long long __u64;\n");
    k.write(SYSCALL_64_TBL, "0\tcommon\tread\tsys_read\n1\tcommon\twrite\tsys_write\n");
    Files.writeString(snapshot.resolve("TRACKED"), "# test\n" + DEMO_H + "\n");
    SnapshotBuilder builder = new SnapshotBuilder(KernelTree.open(tree), Optional.empty());
    SnapshotWriter.write(builder.build(TrackedHeaders.read(snapshot)), snapshot);
    return k;
  }

  public Path tree() {
    return tree;
  }

  public Path snapshot() {
    return snapshot;
  }

  /** Writes (or replaces) one file of the tree. */
  public void write(String path, String text) throws IOException {
    Path p = tree.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
