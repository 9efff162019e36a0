package dev.jtrace.checkheaders;

import java.util.ArrayList;
import java.util.List;

/**
 * What a check found.
 *
 * @param drifts sources whose facts changed, in snapshot file order
 * @param notCompared snapshot sources the kernel dir lacks (e.g. non-UAPI headers of an installed
 *     prefix)
 */
public record CheckResult(List<Drift> drifts, List<String> notCompared) {
  public CheckResult {
    drifts = List.copyOf(drifts);
    notCompared = List.copyOf(notCompared);
  }

  /**
   * The report, one line each: per drift its warning and its changes (indented), then the notes.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Drift d : drifts) {
      lines.add(d.warning());
      for (String c : d.changes()) {
        lines.add("  " + c);
      }
    }
    for (String n : notCompared) {
      lines.add("Note: " + n);
    }
    return lines;
  }
}
