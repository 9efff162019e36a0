package dev.jtrace.checkheaders;

import java.util.List;

/**
 * One source whose facts differ between the pinned snapshot and a kernel.
 *
 * @param snapshotFile the facts file in the snapshot (it may not exist yet: a new source)
 * @param kernelFile the source in the kernel tree (or tracefs)
 * @param changes one line per changed fact
 */
public record Drift(String snapshotFile, String kernelFile, List<String> changes) {
  public Drift {
    changes = List.copyOf(changes);
  }

  public String warning() {
    return "Warning: Kernel ABI header at '"
        + snapshotFile
        + "' differs from latest version at '"
        + kernelFile
        + "'";
  }
}
