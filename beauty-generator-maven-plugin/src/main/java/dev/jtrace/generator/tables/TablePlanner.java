package dev.jtrace.generator.tables;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.beauty.table.TableKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs the passes — select, dedupe, sort — for every table of a snapshot: the catalogue's specs,
 * the errno tables of each arch family and the syscall table of each arch.
 */
public final class TablePlanner {
  /**
   * Errno families and the header each reads; x86 uses the generic numbering. Sorted: warnings come
   * in order.
   */
  private static final Map<String, String> ERRNO_HEADERS =
      new TreeMap<>(
          Map.of(
              "generic", "include/uapi/asm-generic/errno.h",
              "sparc", "arch/sparc/include/uapi/asm/errno.h",
              "powerpc", "arch/powerpc/include/uapi/asm/errno.h",
              "parisc", "arch/parisc/include/uapi/asm/errno.h",
              "mips", "arch/mips/include/uapi/asm/errno.h",
              "alpha", "arch/alpha/include/uapi/asm/errno.h"));

  private static final Pattern ERRNO_NAME = Pattern.compile("E[A-Z0-9]+");

  /** Offset tables split into ranges where the value's bits above these differ. */
  private static final int RANGE_SHIFT = 12;

  /** The tables, sorted by name, and what could not be built. */
  public record Plan(List<TableModel> tables, List<String> warnings) {}

  private TablePlanner() {}

  public static Plan plan(AbiSnapshot snapshot) {
    FactSelector selector = new FactSelector(snapshot);
    List<TableModel> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (TableSpec spec : TableCatalog.specs(snapshot)) {
      try {
        List<Candidate> picked = selector.select(spec);
        if (picked.isEmpty()) {
          warnings.add("table " + spec.name() + ": no names selected");
          continue;
        }
        tables.add(model(spec, picked));
      } catch (FactSelector.MissingHeaderException e) {
        warnings.add(e.getMessage());
      }
    }
    for (Map.Entry<String, String> e : ERRNO_HEADERS.entrySet()) {
      String header = e.getValue();
      if (!snapshot.headers().containsKey(header)) {
        warnings.add("errno_" + e.getKey() + ": the snapshot has no facts for " + header);
        continue;
      }
      TableSpec spec =
          new TableSpec(
              "errno_" + e.getKey(),
              TableKind.ERRNO,
              "",
              e.getKey(),
              List.of(),
              Duplicates.FIRST,
              0,
              "ANY");
      tables.add(model(spec, errnos(snapshot, selector, header)));
    }
    for (SyscallTableFacts t : snapshot.syscallTables().values()) {
      List<Candidate> c = new ArrayList<>();
      for (SyscallEntry s : t.entries()) {
        c.add(new Candidate(s.number(), s.name(), s.name(), t.source(), ""));
      }
      TableSpec spec =
          new TableSpec(
              "syscalls_" + t.arch(),
              TableKind.SYSCALL,
              "",
              t.arch(),
              List.of(),
              Duplicates.FIRST,
              0,
              "ANY");
      tables.add(model(spec, c));
    }
    tables.sort(Comparator.comparing(TableModel::name));
    return new Plan(tables, warnings);
  }

  /**
   * An arch family's errnos, read as the preprocessor would: included headers first, and a name the
   * includer defines again (alpha's EAGAIN) takes the includer's value but keeps its place. Among
   * names sharing a value the first placed prints (EAGAIN, not EWOULDBLOCK). Defines stand in for
   * headers without errno facts.
   */
  private static List<Candidate> errnos(
      AbiSnapshot snapshot, FactSelector selector, String header) {
    Map<String, Candidate> byName = new java.util.LinkedHashMap<>();
    for (String path : selector.includesFirst(header)) {
      HeaderFacts h = snapshot.headers().get(path);
      if (h == null) {
        continue;
      }
      for (ErrnoFact f : h.errnos()) {
        byName.put(f.name(), new Candidate(f.value(), f.name(), f.name(), path, f.description()));
      }
      if (h.errnos().isEmpty()) {
        for (Define d : h.defines()) {
          if (ERRNO_NAME.matcher(d.name()).matches() && d.value().isPresent()) {
            byName.put(
                d.name(), new Candidate(d.value().getAsLong(), d.name(), d.name(), path, ""));
          }
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static TableModel model(TableSpec spec, List<Candidate> picked) {
    Deduplicator.Result r = Deduplicator.dedupe(picked, spec.duplicates());
    Set<String> sources = new LinkedHashSet<>();
    for (Candidate c : picked) {
      if (!c.source().isEmpty()) {
        sources.add(c.source());
      }
    }
    return new TableModel(
        spec, List.copyOf(sources), r.entries(), r.aliases(), ranges(spec, r.entries()));
  }

  private static List<long[]> ranges(TableSpec spec, List<TableEntry> entries) {
    List<long[]> out = new ArrayList<>();
    if (spec.kind() != TableKind.OFFSET) {
      return out;
    }
    for (TableEntry e : entries) {
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && (last[0] >>> RANGE_SHIFT) == (e.value() >>> RANGE_SHIFT)) {
        last[1] = e.value();
      } else {
        out.add(new long[] {e.value(), e.value()});
      }
    }
    return out;
  }
}
