package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.format.TraceFormatReader;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed snapshot is what a refresh from linux-source-6.12 and this kernel's tracefs writes.
 */
class CommittedSnapshotTest {
  @TempDir Path out;

  @Test
  void headersAndSyscallTablesMatchTheTree() throws IOException {
    KernelTree tree = KernelSources.linux612();
    Path committed = KernelSources.committedSnapshot();
    SnapshotBuilder builder = new SnapshotBuilder(tree, Optional.empty());
    AbiSnapshot fresh = builder.build(TrackedHeaders.read(committed));
    assertWithMessage("problems").that(builder.problems()).isEmpty();
    SnapshotWriter.write(fresh, out);
    for (String dir :
        new String[] {SnapshotWriter.HEADERS, SnapshotWriter.SYSCALLS, SnapshotWriter.LAYOUTS}) {
      assertWithMessage(dir).that(files(out.resolve(dir))).isEqualTo(files(committed.resolve(dir)));
    }
  }

  /**
   * On any kernel: the syscall formats it shares with the snapshot have the snapshot's field layout
   * (offsets, sizes, signedness, arrays, data_loc), which is what decoding relies on. Where a
   * format file is the one the snapshot was taken from (same digest), the facts a refresh writes of
   * it are the committed ones, to the byte.
   */
  @Test
  void formatsMatchThisKernelsTracefs() throws IOException {
    assumeTrue(
        Files.isDirectory(KernelSources.TRACEFS.resolve("events/syscalls")),
        "no tracefs with syscall events at " + KernelSources.TRACEFS);
    Path committed = KernelSources.committedSnapshot();
    AbiSnapshot pinned = SnapshotReader.read(committed);
    Map<String, String> digests = new HashMap<>();
    pinned.manifest().forEach(f -> digests.put(f.path(), f.sha256()));
    List<String> otherLayout = new ArrayList<>();
    int shared = 0;
    for (EventFormat p : pinned.formats().values()) {
      String event = "events/" + p.system() + "/" + p.name() + "/format";
      Path file = KernelSources.TRACEFS.resolve(event);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      shared++;
      byte[] bytes = Files.readAllBytes(file);
      EventFormat here =
          TraceFormatReader.parse(
              file.toString(), p.system(), new String(bytes, StandardCharsets.UTF_8));
      if (!layout(here).equals(layout(p))) {
        otherLayout.add(
            p.system() + "/" + p.name() + ": snapshot " + layout(p) + ", here " + layout(here));
      }
      if (KernelTree.sha256(bytes).equals(digests.get("tracefs/" + event))) {
        Path facts =
            committed.resolve(
                SnapshotWriter.FORMATS + "/" + p.system() + "/" + p.name() + SnapshotWriter.FACTS);
        assertWithMessage(event)
            .that(SnapshotWriter.format(here))
            .isEqualTo(Files.readString(facts));
      }
    }
    assertWithMessage("formats this kernel shares with the snapshot's %s", pinned.formats().size())
        .that(shared)
        .isAtLeast(pinned.formats().size() / 2);
    assertWithMessage("formats whose field layout is not the snapshot's")
        .that(otherLayout)
        .isEmpty();
  }

  /** Each field as offset+size, signedness, array length and data_loc: what a decoder reads. */
  private static List<String> layout(EventFormat f) {
    return f.fields().stream()
        .map(
            x ->
                x.offset()
                    + "+"
                    + x.size()
                    + (x.signed() ? "s" : "u")
                    + (x.arrayLength() == 0 ? "" : "[" + x.arrayLength() + "]")
                    + (x.dataLoc() ? " data_loc" : ""))
        .toList();
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
    AbiSnapshot pinned = SnapshotReader.read(KernelSources.committedSnapshot());
    assertWithMessage("kernel version").that(pinned.kernelVersion()).matches("6\\.12\\.\\d+");
    Map<String, String> digests = new HashMap<>();
    pinned.manifest().forEach(f -> digests.put(f.path(), f.sha256()));
    assertWithMessage("manifest rows without a sha256")
        .that(pinned.manifest().stream().filter(f -> !f.sha256().matches("[0-9a-f]{64}")).toList())
        .isEmpty();
    List<String> sources = new ArrayList<>(pinned.headers().keySet());
    pinned.syscallTables().values().forEach(t -> sources.add(t.source()));
    pinned
        .formats()
        .values()
        .forEach(f -> sources.add("tracefs/events/" + f.system() + "/" + f.name() + "/format"));
    assertWithMessage("facts whose source has no manifest row")
        .that(sources.stream().filter(s -> !digests.containsKey(s)).toList())
        .isEmpty();
    assertWithMessage("x86_64 table source")
        .that(pinned.syscallTables().get("x86_64").source())
        .isEqualTo("arch/x86/entry/syscalls/syscall_64.tbl");
  }
}
