package dev.jtrace.beauty.content;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.gen.StructLayouts;
import dev.jtrace.beauty.gen.SyscallContentSpecs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per arch, what user memory each syscall's arguments point at ({@link ContentSpec}s, generated
 * from the pinned formats, layouts and the generator's content rules) and the struct layouts the
 * renderer decodes. Each arch's tables are built once, on first use.
 */
public final class SyscallContents {
  private static final Map<Arch, Map<String, List<ContentSpec>>> SPECS = new ConcurrentHashMap<>();
  private static final Map<Arch, Map<String, Layout>> LAYOUTS = new ConcurrentHashMap<>();

  private SyscallContents() {}

  /**
   * The copies of a syscall, by its syscall-table name on that arch ({@code fstat64} on i386), in
   * argument order; empty when nothing is copied.
   */
  public static List<ContentSpec> of(Arch arch, String syscallName) {
    return SPECS
        .computeIfAbsent(arch, a -> SyscallContentSpecs.of(a.id()))
        .getOrDefault(syscallName, List.of());
  }

  /**
   * The layout of {@code struct TAG} (or a {@code union TAG} key as given) on that arch, or null.
   */
  public static Layout layout(Arch arch, String key) {
    return LAYOUTS.computeIfAbsent(arch, a -> StructLayouts.of(a.id())).get(key);
  }
}
