package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.SourceFile;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed snapshot is what a refresh from linux-source-6.12 writes (formats: same kernel only). */
class CommittedSnapshotTest {
  @TempDir
  Path out;

  @Test
  void headersAndSyscallTablesMatchTheTree() throws IOException {
    KernelTree tree = KernelSources.linux612();
    Path committed = KernelSources.committedSnapshot();
    SnapshotBuilder builder = new SnapshotBuilder(tree, Optional.empty());
    AbiSnapshot fresh = builder.build(TrackedHeaders.read(committed));
    assertWithMessage("problems").that(builder.problems()).isEmpty();
    SnapshotWriter.write(fresh, out);
    for (String dir : new String[] {SnapshotWriter.HEADERS, SnapshotWriter.SYSCALLS}) {
      assertWithMessage(dir).that(files(out.resolve(dir))).isEqualTo(files(committed.resolve(dir)));
    }
  }

  @Test
  void formatsMatchThisKernelsTracefs() throws IOException {
    KernelTree tree = KernelSources.linux612();
    Path committed = KernelSources.committedSnapshot();
    Path events = KernelSources.TRACEFS.resolve("events/syscalls");
    assumeTrue(Files.isDirectory(events), "no tracefs at " + KernelSources.TRACEFS);
    SnapshotBuilder builder = new SnapshotBuilder(tree, Optional.of(KernelSources.TRACEFS));
    AbiSnapshot fresh = builder.build(TrackedHeaders.read(committed));
    String manifest = Files.readString(committed.resolve("MANIFEST"));
    long changed = fresh.manifest().stream().filter(f -> f.path().startsWith("tracefs/"))
        .filter(f -> !manifest.contains("source\t" + f.path() + "\t" + f.sha256() + "\n")).count();
    assumeTrue(changed == 0, changed + " tracefs format files differ from the committed snapshot's: this is"
        + " another kernel than the one the snapshot's formats came from");
    SnapshotWriter.write(fresh, out);
    assertWithMessage("formats").that(files(out.resolve(SnapshotWriter.FORMATS)))
        .isEqualTo(files(committed.resolve(SnapshotWriter.FORMATS)));
    assertWithMessage("MANIFEST").that(Files.readString(out.resolve("MANIFEST"))).isEqualTo(manifest);
  }

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return m;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return m;
  }

  @Test
  void manifestNamesEverySourceWithItsDigest() throws IOException {
    Path committed = KernelSources.committedSnapshot();
    String manifest = Files.readString(committed.resolve("MANIFEST"));
    assertWithMessage("kernel line").that(manifest).containsMatch("(?m)^kernel\t6\\.12\\.\\d+$");
    assertWithMessage("x86_64 table source").that(manifest)
        .containsMatch("(?m)^source\tarch/x86/entry/syscalls/syscall_64.tbl\t[0-9a-f]{64}$");
    SourceFile any = new SourceFile("include/uapi/linux/prctl.h", "");
    assertWithMessage("prctl.h").that(manifest).contains("source\t" + any.path() + "\t");
  }
}
