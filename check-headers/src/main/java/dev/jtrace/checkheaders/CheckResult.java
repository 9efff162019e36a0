package dev.jtrace.checkheaders;

import java.io.PrintStream;
import java.util.List;

/**
 * What a check found.
 *
 * @param drifts sources whose facts changed
 * @param notCompared snapshot sources the kernel dir lacks (e.g. non-UAPI headers of an installed prefix)
 */
public record CheckResult(List<Drift> drifts, List<String> notCompared) {
  public CheckResult {
    drifts = List.copyOf(drifts);
    notCompared = List.copyOf(notCompared);
  }

  public void print(PrintStream out) {
    for (Drift d : drifts) {
      out.println(d.warning());
      for (String c : d.changes()) {
        out.println("  " + c);
      }
    }
    for (String n : notCompared) {
      out.println("Note: " + n);
    }
  }
}
