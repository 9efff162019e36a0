package dev.jtrace.abi.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code TRACKED} file of a snapshot: tree paths, one a line, {@code #} comments; a line {@code
 * layout <include>} names a header whose structs are laid out per arch (docs/ABI-SNAPSHOT.md).
 *
 * @param headers the tracked headers' tree paths
 * @param layoutIncludes the layout headers, as a program includes them ({@code asm/stat.h}) or as
 *     tree paths, in order
 */
public record TrackedHeaders(List<String> headers, List<String> layoutIncludes) {
  public static final String FILE = "TRACKED";
  private static final String LAYOUT = "layout";

  public TrackedHeaders {
    headers = List.copyOf(headers);
    layoutIncludes = List.copyOf(layoutIncludes);
  }

  public static TrackedHeaders read(Path snapshotDir) throws IOException {
    Path file = snapshotDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": expected the list of tracked headers (one tree path a line)");
    }
    List<String> headers = new ArrayList<>();
    List<String> layouts = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      String[] words = s.split("\\s+");
      if (words[0].equals(LAYOUT) && words.length == 2) {
        layouts.add(words[1]);
      } else if (words.length == 1) {
        headers.add(s);
      } else {
        throw new IOException(
            file + ": expected a tree path or 'layout <include>', not '" + s + "'");
      }
    }
    return new TrackedHeaders(headers, layouts);
  }
}
