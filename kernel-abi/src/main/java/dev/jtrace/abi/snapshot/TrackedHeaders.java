package dev.jtrace.abi.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code TRACKED} file of a snapshot: tree paths, one a line, {@code #} comments. */
public final class TrackedHeaders {
  public static final String FILE = "TRACKED";

  private TrackedHeaders() {}

  public static List<String> read(Path snapshotDir) throws IOException {
    Path file = snapshotDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": expected the list of tracked headers (one tree path a line)");
    }
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        out.add(s);
      }
    }
    return out;
  }
}
