package dev.jtrace.cli;

import dev.jtrace.abi.snapshot.ClasspathSnapshot;
import dev.jtrace.checkheaders.CheckResult;
import dev.jtrace.checkheaders.HeaderCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs DIR]}: prints the ABI
 * drift between the pinned snapshot and a kernel. Exit 0 (warnings only), 1 with {@code --strict} when there is
 * drift or when the input is bad, 2 on a usage error. The pinned snapshot is the one on the class path (the
 * tools-include-uapi jar), so the command needs no source checkout; {@code --snapshot DIR} compares another.
 */
public final class CheckHeadersCommand {
  static final String USAGE =
      "usage: jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs DIR]";

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
    try {
      if (snapshot == null) {
        Optional<Path> pinned = ClasspathSnapshot.pinned();
        if (pinned.isEmpty()) {
          err.println("jtrace check-headers: no pinned snapshot on the class path (" + ClasspathSnapshot.PINNED
              + "/MANIFEST from the tools-include-uapi jar); pass --snapshot DIR");
          return 2;
        }
        snapshot = pinned.get();
      }
      CheckResult result = HeaderCheck.check(kernel, Optional.ofNullable(tracefs), snapshot);
      result.lines().forEach(out::println);
      if (result.drifts().isEmpty()) {
        out.println("check-headers: no ABI drift between " + ClasspathSnapshot.display(snapshot) + " and " + kernel);
        return 0;
      }
      out.println("check-headers: " + result.drifts().size() + " sources differ");
      return strict ? 1 : 0;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("jtrace check-headers: " + e.getMessage());
      return 1;
    }
  }
}
