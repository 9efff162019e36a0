package dev.jtrace.checkheaders;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs DIR]}: prints the ABI
 * drift between the pinned snapshot and a kernel. Exit 0 (warnings only), 1 with {@code --strict} when there is
 * drift or when the input is bad, 2 on a usage error.
 */
public final class CheckHeadersCommand {
  static final String USAGE =
      "usage: jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs DIR]";
  private static final String SNAPSHOT = "tools-include-uapi/src/main/abi";

  private CheckHeadersCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path kernel = null;
    Path snapshot = null;
    Path tracefs = null;
    boolean strict = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--strict" -> strict = true;
        case "--kernel-dir", "--snapshot", "--tracefs" -> {
          if (i + 1 >= args.length) {
            err.println("jtrace check-headers: " + a + " needs a directory; " + USAGE);
            return 2;
          }
          Path p = Path.of(args[++i]);
          if (a.equals("--kernel-dir")) {
            kernel = p;
          } else if (a.equals("--snapshot")) {
            snapshot = p;
          } else {
            tracefs = p;
          }
        }
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          err.println("jtrace check-headers: unknown argument '" + a + "'; " + USAGE);
          return 2;
        }
      }
    }
    if (kernel == null) {
      err.println("jtrace check-headers: --kernel-dir is required; " + USAGE);
      return 2;
    }
    if (!Files.isDirectory(kernel)) {
      err.println("jtrace check-headers: " + kernel + ": no such directory");
      return 2;
    }
    if (snapshot == null) {
      Optional<Path> found = defaultSnapshot();
      if (found.isEmpty()) {
        err.println("jtrace check-headers: cannot find " + SNAPSHOT + " (set -Djtrace.root or pass --snapshot DIR)");
        return 2;
      }
      snapshot = found.get();
    }
    try {
      CheckResult result = HeaderCheck.check(kernel, Optional.ofNullable(tracefs), snapshot);
      result.print(out);
      if (result.drifts().isEmpty()) {
        out.println("check-headers: no ABI drift between " + snapshot + " and " + kernel);
        return 0;
      }
      out.println("check-headers: " + result.drifts().size() + " sources differ");
      return strict ? 1 : 0;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("jtrace check-headers: " + e.getMessage());
      return 1;
    }
  }

  /** The repo's snapshot: from {@code jtrace.root}, else searched upwards from this jar's location. */
  static Optional<Path> defaultSnapshot() {
    String root = System.getProperty("jtrace.root");
    if (root != null) {
      Path p = Path.of(root).resolve(SNAPSHOT);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    try {
      Path here = Path.of(CheckHeadersCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path d = here.toAbsolutePath(); d != null; d = d.getParent()) {
        if (Files.isDirectory(d.resolve(SNAPSHOT))) {
          return Optional.of(d.resolve(SNAPSHOT));
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
