package dev.jtrace.abi.extract;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.cheader.HeaderSyntaxException;
import dev.jtrace.abi.cheader.TargetArch;
import dev.jtrace.abi.format.FormatSyntaxException;
import dev.jtrace.abi.format.TraceFormatReader;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.ArchLayouts;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.SourceFile;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructSize;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Derives an {@link AbiSnapshot} from a kernel tree (tracked headers and everything they include,
 * syscall tables) and, when given, a tracefs (syscall event formats).
 */
public final class SnapshotBuilder {
  /** The tracefs event systems the snapshot keeps. */
  public static final List<String> FORMAT_SYSTEMS = List.of("raw_syscalls", "syscalls");

  private final KernelTree tree;
  private final Optional<Path> tracefs;
  private final List<String> problems = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();

  public SnapshotBuilder(KernelTree tree, Optional<Path> tracefs) {
    this.tree = tree;
    this.tracefs = tracefs;
  }

  /**
   * Headers and syscall tables that could not be read, one line each ({@code file:line:column:
   * expected …}).
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Tracked headers this tree does not have (e.g. non-UAPI headers in an installed prefix). */
  public List<String> missing() {
    return List.copyOf(missing);
  }

  /**
   * The arches whose structs are laid out, by jtrace arch name, with the target each is read for.
   */
  public static final Map<String, TargetArch> LAYOUT_ARCHES =
      Map.of(
          "x86_64", TargetArch.X86_64,
          "i386", TargetArch.I386,
          "arm64", TargetArch.forDir("arm64"),
          "arm", TargetArch.forDir("arm"),
          "riscv64", TargetArch.forDir("riscv"),
          "powerpc64", TargetArch.forDir("powerpc"),
          "s390x", TargetArch.forDir("s390"),
          "mips64", TargetArch.forDir("mips"));

  public AbiSnapshot build(TrackedHeaders tracked) {
    AbiSnapshot s = build(tracked.headers());
    return new AbiSnapshot(
        s.kernelVersion(),
        s.headers(),
        s.syscallTables(),
        s.formats(),
        s.manifest(),
        layouts(tracked.layoutIncludes()));
  }

  /**
   * Each layout arch's structs: the layout headers as one unit for the arch (empty when there are
   * none).
   */
  public Map<String, ArchLayouts> layouts(List<String> includes) {
    Map<String, ArchLayouts> out = new TreeMap<>();
    if (includes.isEmpty()) {
      return out;
    }
    HeaderAnalyzer analyzer = new HeaderAnalyzer(tree);
    for (Map.Entry<String, TargetArch> e : new TreeMap<>(LAYOUT_ARCHES).entrySet()) {
      try {
        List<StructLayoutFact> structs =
            new ArrayList<>(analyzer.layouts(includes, e.getValue()).values());
        structs.sort(Comparator.comparing(StructLayoutFact::key));
        out.put(e.getKey(), new ArchLayouts(e.getKey(), e.getValue().dataModel().name(), structs));
      } catch (HeaderSyntaxException ex) {
        problems.add(e.getKey() + " layouts: " + ex.getMessage());
      }
    }
    return out;
  }

  public AbiSnapshot build(List<String> tracked) {
    Map<String, HeaderFacts> headers = headers(tracked);
    Map<String, SourceFile> manifest = new TreeMap<>();
    for (String path : headers.keySet()) {
      manifest.put(path, new SourceFile(path, tree.sha256(path)));
    }
    SyscallTables.Result syscalls;
    try {
      syscalls = SyscallTables.read(tree);
    } catch (HeaderSyntaxException e) { // a malformed .tbl line or unistd header
      problems.add(e.getMessage());
      syscalls = new SyscallTables.Result(Map.of(), List.of());
    }
    for (String path : syscalls.sources()) {
      manifest.put(path, new SourceFile(path, tree.sha256(path)));
    }
    Map<String, EventFormat> formats = new TreeMap<>();
    tracefs.ifPresent(dir -> readFormats(dir, formats, manifest));
    return new AbiSnapshot(
        tree.kernelVersion(), headers, syscalls.tables(), formats, List.copyOf(manifest.values()));
  }

  /** The tracked headers and, transitively, every header they include. */
  public Map<String, HeaderFacts> headers(List<String> tracked) {
    HeaderAnalyzer analyzer = new HeaderAnalyzer(tree);
    Map<String, HeaderFacts> out = new TreeMap<>();
    Deque<String> work = new ArrayDeque<>(tracked);
    while (!work.isEmpty()) {
      String path = work.removeFirst();
      if (out.containsKey(path)) {
        continue;
      }
      if (!tree.exists(path)) {
        if (tracked.contains(path) && !missing.contains(path)) {
          missing.add(path);
        }
        continue;
      }
      try {
        HeaderFacts facts = analyzer.analyze(path);
        out.put(path, facts);
        work.addAll(facts.includes());
      } catch (HeaderSyntaxException e) {
        problems.add(e.getMessage());
      }
    }
    // Second pass: a sizeof(struct x) the header's own unit cannot size takes x from the other
    // headers.
    HeaderAnalyzer withOthers = new HeaderAnalyzer(tree, x86StructSizes(out));
    for (Map.Entry<String, HeaderFacts> e : out.entrySet()) {
      if (e.getValue().defines().stream()
          .anyMatch(d -> d.value().isEmpty() && d.expression().contains("struct "))) {
        e.setValue(withOthers.analyze(e.getKey()));
      }
    }
    return out;
  }

  /** Struct sizes of the headers read for x86_64, when one tag has one size. */
  private static Map<String, Long> x86StructSizes(Map<String, HeaderFacts> headers) {
    Map<String, Long> sizes = new TreeMap<>();
    java.util.Set<String> ambiguous = new java.util.HashSet<>();
    for (HeaderFacts h : headers.values()) {
      if (h.path().startsWith("arch/") && !h.path().startsWith("arch/x86/")) {
        continue;
      }
      for (StructSize s : h.structs()) {
        String key = s.kind() + " " + s.name();
        Long old = sizes.put(key, s.size());
        if (old != null && old != s.size()) {
          ambiguous.add(key);
        }
      }
    }
    ambiguous.forEach(sizes::remove);
    return sizes;
  }

  private void readFormats(
      Path dir, Map<String, EventFormat> formats, Map<String, SourceFile> manifest) {
    for (String system : FORMAT_SYSTEMS) {
      Path events = dir.resolve("events").resolve(system);
      if (!Files.isDirectory(events)) {
        continue;
      }
      try (Stream<Path> s = Files.list(events)) {
        for (Path event : s.sorted().toList()) {
          Path format = event.resolve("format");
          if (!Files.isRegularFile(format)) {
            continue;
          }
          byte[] bytes = Files.readAllBytes(format);
          String name = "tracefs/events/" + system + "/" + event.getFileName() + "/format";
          try {
            EventFormat f =
                TraceFormatReader.parse(
                    name, system, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            formats.put(system + "/" + f.name(), f);
            manifest.put(name, new SourceFile(name, KernelTree.sha256(bytes)));
          } catch (FormatSyntaxException e) {
            problems.add(e.getMessage());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
