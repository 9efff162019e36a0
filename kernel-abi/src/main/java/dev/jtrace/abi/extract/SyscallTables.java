package dev.jtrace.abi.extract;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.cheader.TargetArch;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syscall tables of every arch jtrace knows, from a kernel tree: its .tbl files when it has them
 * (source trees), else the {@code __NR_*} macros of the arch's {@code asm/unistd*.h} (installed
 * headers, or kernels before 6.11 whose arm64/riscv tables lived in asm-generic/unistd.h).
 */
public final class SyscallTables {
  private static final Pattern NR = Pattern.compile("__NR_\\w+");
  private static final Set<String> NOT_SYSCALLS =
      Set.of("syscalls", "arch_specific_syscall", "Linux", "Linux_syscalls");

  private SyscallTables() {}

  /** The tables found and the tree paths they came from. */
  public record Result(Map<String, SyscallTableFacts> tables, List<String> sources) {}

  public static Result read(KernelTree tree) {
    Map<String, SyscallTableFacts> tables = new LinkedHashMap<>();
    List<String> sources = new ArrayList<>();
    for (SyscallTableSpec spec : SyscallTableSpec.ALL) {
      Optional<SyscallTableFacts> t = fromTable(tree, spec, sources);
      if (t.isEmpty()) {
        t = fromUnistd(tree, spec, sources);
      }
      t.ifPresent(x -> tables.put(spec.arch(), x));
    }
    return new Result(tables, sources);
  }

  private static Optional<SyscallTableFacts> fromTable(
      KernelTree tree, SyscallTableSpec spec, List<String> sources) {
    String table = spec.table();
    Set<String> abis = new HashSet<>(spec.abis());
    if (spec.abisMakefile() != null) {
      if (!tree.exists(spec.abisMakefile())) {
        return Optional.empty();
      }
      String makefile = tree.read(spec.abisMakefile());
      abis.addAll(extraAbis(makefile));
      // An arch may name its own copy: "syscalltbl = arch/arm64/tools/syscall_%.tbl".
      Matcher own = Pattern.compile("(?m)^syscalltbl\\s*:?=\\s*(\\S+)").matcher(makefile);
      if (own.find()) {
        table = own.group(1).replace("%", "64").replace("$(srctree)/", "");
      }
    }
    if (!tree.exists(table)) {
      return Optional.empty();
    }
    if (spec.abisMakefile() != null) {
      addSource(sources, spec.abisMakefile());
    }
    addSource(sources, table);
    List<SyscallEntry> entries =
        SyscallTableParser.parse(table, tree.read(table), abis, spec.base());
    return Optional.of(new SyscallTableFacts(spec.arch(), table, entries));
  }

  /** {@code syscall_abis_64 += renameat rlimit memfd_secret} */
  static Set<String> extraAbis(String makefile) {
    Set<String> abis = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^syscall_abis_64\\s*\\+?=(.*)$").matcher(makefile);
    while (m.find()) {
      for (String a : m.group(1).trim().split("\\s+")) {
        if (!a.isEmpty()) {
          abis.add(a);
        }
      }
    }
    return abis;
  }

  private static Optional<SyscallTableFacts> fromUnistd(
      KernelTree tree, SyscallTableSpec spec, List<String> sources) {
    String dir = "arch/" + spec.archDir() + "/include/uapi/asm/";
    String header =
        switch (spec.arch()) {
          case "x86_64" -> dir + "unistd_64.h";
          case "i386" -> dir + "unistd_32.h";
          default -> dir + "unistd.h";
        };
    if (!tree.exists(header) || spec.arch().equals("powerpc32") || spec.arch().equals("mips64")) {
      return Optional.empty();
    }
    Map<String, OptionalLong> values =
        new HeaderAnalyzer(tree)
            .macroValues(header, TargetArch.forDir(spec.archDir()), Map.of(), NR);
    List<SyscallEntry> entries = new ArrayList<>();
    values.forEach(
        (name, v) -> {
          String syscall = name.substring(5);
          if (v.isPresent() && !NOT_SYSCALLS.contains(syscall)) {
            entries.add(new SyscallEntry((int) v.getAsLong(), syscall));
          }
        });
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    entries.sort(
        java.util.Comparator.comparingInt(SyscallEntry::number).thenComparing(SyscallEntry::name));
    addSource(sources, header);
    return Optional.of(new SyscallTableFacts(spec.arch(), header, entries));
  }

  private static void addSource(List<String> sources, String path) {
    if (!sources.contains(path)) {
      sources.add(path);
    }
  }
}
