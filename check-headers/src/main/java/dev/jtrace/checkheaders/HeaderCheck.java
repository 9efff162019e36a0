package dev.jtrace.checkheaders;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The header-drift check: derives facts from a kernel dir the way a refresh would, and compares them, fact by
 * fact, with the pinned snapshot. Comments and white space never show: facts do not carry them.
 */
public final class HeaderCheck {
  private HeaderCheck() {}

  /**
   * @param tracefs when given, the syscall event formats are compared too (same kernel only makes sense)
   * @throws IllegalArgumentException when the kernel dir is no kernel tree, or a kernel file is malformed
   * @throws dev.jtrace.abi.snapshot.SnapshotFormatException when a snapshot file is malformed
   */
  public static CheckResult check(Path kernelDir, Optional<Path> tracefs, Path snapshotDir) throws IOException {
    // Reading it first turns a malformed snapshot line into one file:line message, before FactDiff sees it.
    SnapshotReader.read(snapshotDir);
    KernelTree tree = KernelTree.open(kernelDir);
    SnapshotBuilder builder = new SnapshotBuilder(tree, tracefs);
    AbiSnapshot fresh = builder.build(TrackedHeaders.read(snapshotDir));
    if (!builder.problems().isEmpty()) {
      throw new IllegalArgumentException(builder.problems().get(0));
    }
    Map<String, String> now = new TreeMap<>();
    Map<String, String> kernelFiles = new TreeMap<>();
    for (HeaderFacts h : fresh.headers().values()) {
      String key = SnapshotWriter.HEADERS + "/" + h.path() + SnapshotWriter.FACTS;
      now.put(key, SnapshotWriter.header(h));
      kernelFiles.put(key, tree.file(h.path()).map(Path::toString).orElse(h.path()));
    }
    for (SyscallTableFacts t : fresh.syscallTables().values()) {
      String key = SnapshotWriter.SYSCALLS + "/" + t.arch() + SnapshotWriter.FACTS;
      now.put(key, SnapshotWriter.syscalls(t));
      kernelFiles.put(key, tree.file(t.source()).map(Path::toString).orElse(t.source()));
    }
    for (Map.Entry<String, EventFormat> f : fresh.formats().entrySet()) {
      String key = SnapshotWriter.FORMATS + "/" + f.getKey() + SnapshotWriter.FACTS;
      now.put(key, SnapshotWriter.format(f.getValue()));
      EventFormat e = f.getValue();
      kernelFiles.put(key, tracefs.orElseThrow().resolve("events/" + e.system() + "/" + e.name() + "/format").toString());
    }
    Map<String, String> before = new TreeMap<>();
    List<String> dirs = new ArrayList<>(List.of(SnapshotWriter.HEADERS, SnapshotWriter.SYSCALLS));
    if (tracefs.isPresent()) {
      dirs.add(SnapshotWriter.FORMATS);
    }
    for (String dir : dirs) {
      Path root = snapshotDir.resolve(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          before.put(snapshotDir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    List<Drift> drifts = new ArrayList<>();
    List<String> notCompared = new ArrayList<>();
    for (String key : new TreeSet<>(union(before.keySet(), now.keySet()))) {
      String kernelFile = kernelFiles.get(key);
      if (!now.containsKey(key)) {
        String source = sourceOf(key);
        if (source == null || !tree.exists(source)) {
          notCompared.add("'" + key + "' has no source in " + kernelDir + "; not compared");
          continue;
        }
        kernelFile = tree.file(source).orElseThrow().toString();
      }
      List<String> changes = FactDiff.diff(key, before.get(key), now.get(key));
      if (!changes.isEmpty()) {
        drifts.add(new Drift(snapshotDir.resolve(key).toString(), kernelFile, changes));
      }
    }
    return new CheckResult(drifts, notCompared);
  }

  private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    TreeSet<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  /** The tree path a snapshot header file comes from; null for syscall tables and formats. */
  private static String sourceOf(String key) {
    String prefix = SnapshotWriter.HEADERS + "/";
    if (key.startsWith(prefix) && key.endsWith(SnapshotWriter.FACTS)) {
      return key.substring(prefix.length(), key.length() - SnapshotWriter.FACTS.length());
    }
    return null;
  }
}
