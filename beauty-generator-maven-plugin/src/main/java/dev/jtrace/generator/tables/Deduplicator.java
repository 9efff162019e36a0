package dev.jtrace.generator.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dedupe and sort passes: one printed name per value, the rest kept as aliases, entries by
 * value.
 */
final class Deduplicator {
  private Deduplicator() {}

  record Result(List<TableEntry> entries, List<TableEntry> aliases) {}

  static Result dedupe(List<Candidate> candidates, Duplicates policy) {
    Map<Long, List<Candidate>> byValue = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byValue.computeIfAbsent(c.value(), v -> new ArrayList<>()).add(c);
    }
    List<TableEntry> entries = new ArrayList<>();
    List<TableEntry> aliases = new ArrayList<>();
    for (List<Candidate> same : byValue.values()) {
      Candidate primary =
          switch (policy) {
            case FIRST -> same.get(0);
            case LAST -> same.get(same.size() - 1);
            case LAST_BY_NAME ->
                same.stream().max(Comparator.comparing(Candidate::name)).orElseThrow();
          };
      entries.add(new TableEntry(primary.value(), primary.name(), primary.description()));
      for (Candidate c : same) {
        if (!c.name().equals(primary.name())) {
          aliases.add(new TableEntry(c.value(), c.name(), c.description()));
        }
      }
    }
    entries.sort(Comparator.comparingLong(TableEntry::value));
    aliases.sort(Comparator.comparing(TableEntry::name).thenComparingLong(TableEntry::value));
    return new Result(entries, dedupeNames(aliases));
  }

  private static List<TableEntry> dedupeNames(List<TableEntry> aliases) {
    List<TableEntry> out = new ArrayList<>();
    String last = null;
    for (TableEntry a : aliases) {
      if (!a.name().equals(last)) {
        out.add(a);
      }
      last = a.name();
    }
    return out;
  }
}
