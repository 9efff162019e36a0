package dev.jtrace.checkheaders;

import static dev.jtrace.abi.snapshot.SnapshotWriter.FACTS;
import static dev.jtrace.abi.snapshot.SnapshotWriter.FORMATS;
import static dev.jtrace.abi.snapshot.SnapshotWriter.HEADERS;
import static dev.jtrace.abi.snapshot.SnapshotWriter.LAYOUTS;
import static dev.jtrace.abi.snapshot.SnapshotWriter.SYSCALLS;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.ArchLayouts;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.abi.snapshot.ClasspathSnapshot;
import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The header-drift check: derives facts from a kernel dir the way a refresh would, and compares
 * them, fact by fact, with the pinned snapshot's. Comments and white space never show: facts do not
 * carry them.
 */
public final class HeaderCheck {
  private final Path kernelDir;
  private final KernelTree tree;
  private final Path snapshotDir;

  /**
   * Drifts by snapshot file (relative to the snapshot directory), so they come out in file order.
   */
  private final Map<String, Drift> drifts = new TreeMap<>();

  private final List<String> notCompared = new ArrayList<>();

  private HeaderCheck(Path kernelDir, Path snapshotDir) {
    this.kernelDir = kernelDir;
    this.tree = KernelTree.open(kernelDir);
    this.snapshotDir = snapshotDir;
  }

  /**
   * @param tracefs when given, the syscall event formats are compared too (same kernel only makes
   *     sense)
   * @param snapshotDir the pinned snapshot (a directory, or one inside a jar's file system)
   * @throws IllegalArgumentException when the kernel dir is no kernel tree, a kernel file is
   *     malformed, or the tracefs dir holds no event formats
   * @throws dev.jtrace.abi.snapshot.SnapshotFormatException when a snapshot file is malformed
   */
  public static CheckResult check(Path kernelDir, Optional<Path> tracefs, Path snapshotDir)
      throws IOException {
    AbiSnapshot pinned = SnapshotReader.read(snapshotDir);
    HeaderCheck check = new HeaderCheck(kernelDir, snapshotDir);
    SnapshotBuilder builder = new SnapshotBuilder(check.tree, tracefs);
    AbiSnapshot fresh = builder.build(TrackedHeaders.read(snapshotDir));
    if (!builder.problems().isEmpty()) {
      throw new IllegalArgumentException(builder.problems().get(0));
    }
    if (tracefs.isPresent() && fresh.formats().isEmpty()) {
      // every pinned format would be "not compared" and the check would report no drift
      throw new IllegalArgumentException(
          tracefs.get()
              + ": no event formats (expected events/SYSTEM/EVENT/format for the systems "
              + String.join(", ", SnapshotBuilder.FORMAT_SYSTEMS)
              + ")");
    }
    check.headers(pinned.headers(), fresh.headers());
    check.syscalls(pinned.syscallTables(), fresh.syscallTables());
    check.layouts(pinned.layouts(), fresh.layouts());
    if (tracefs.isPresent()) {
      check.formats(pinned.formats(), fresh.formats(), tracefs.get());
    }
    return new CheckResult(List.copyOf(check.drifts.values()), check.notCompared);
  }

  private void headers(Map<String, HeaderFacts> pinned, Map<String, HeaderFacts> fresh) {
    for (String path : union(pinned, fresh)) {
      String file = HEADERS + "/" + path + FACTS;
      if (!fresh.containsKey(path) && !tree.exists(path)) {
        notCompared.add("'" + file + "' has no source in " + kernelDir + "; not compared");
        continue;
      }
      record(
          file,
          tree.file(path).map(Path::toString).orElse(path),
          FactDiff.headers(pinned.get(path), fresh.get(path)));
    }
  }

  private void syscalls(
      Map<String, SyscallTableFacts> pinned, Map<String, SyscallTableFacts> fresh) {
    for (String arch : union(pinned, fresh)) {
      String file = SYSCALLS + "/" + arch + FACTS;
      SyscallTableFacts now = fresh.get(arch);
      if (now == null) {
        notCompared.add("'" + file + "' has no source in " + kernelDir + "; not compared");
        continue;
      }
      record(
          file,
          tree.file(now.source()).map(Path::toString).orElse(now.source()),
          FactDiff.syscalls(pinned.get(arch), now));
    }
  }

  /** Layouts come from the layout headers as one unit per arch: the kernel file is the tree. */
  private void layouts(Map<String, ArchLayouts> pinned, Map<String, ArchLayouts> fresh) {
    for (String arch : union(pinned, fresh)) {
      record(
          LAYOUTS + "/" + arch + FACTS,
          kernelDir.toString(),
          FactDiff.layouts(pinned.get(arch), fresh.get(arch)));
    }
  }

  private void formats(
      Map<String, EventFormat> pinned, Map<String, EventFormat> fresh, Path tracefs) {
    for (String key : union(pinned, fresh)) {
      String file = FORMATS + "/" + key + FACTS;
      if (!fresh.containsKey(key)) {
        notCompared.add("'" + file + "' has no source in " + tracefs + "; not compared");
        continue;
      }
      record(
          file,
          tracefs.resolve("events/" + key + "/format").toString(),
          FactDiff.formats(pinned.get(key), fresh.get(key)));
    }
  }

  private void record(String snapshotFile, String kernelFile, List<String> changes) {
    if (!changes.isEmpty()) {
      drifts.put(
          snapshotFile,
          new Drift(
              ClasspathSnapshot.display(snapshotDir.resolve(snapshotFile)), kernelFile, changes));
    }
  }

  private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
    TreeSet<String> s = new TreeSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }
}
