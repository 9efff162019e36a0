package dev.jtrace.cli;

import dev.jtrace.abi.snapshot.ClasspathSnapshot;
import dev.jtrace.checkheaders.CheckResult;
import dev.jtrace.checkheaders.HeaderCheck;
import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
import dev.jtrace.files.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs DIR]}: prints
 * the ABI drift between the pinned snapshot and a kernel. Exit 0 (warnings only), 1 with {@code
 * --strict} when there is drift or when the input is bad, 2 on a usage error. The pinned snapshot
 * is the one on the class path (the tools-include-uapi jar), so the command needs no source
 * checkout; {@code --snapshot DIR} compares another.
 */
public final class CheckHeadersCommand {
  static final Options SPEC =
      new Options(
          "jtrace check-headers",
          "usage: jtrace check-headers --kernel-dir DIR [--strict] [--snapshot DIR] [--tracefs"
              + " DIR]",
          Options.Rest.NONE);
  private static final Option<Path> KERNEL_DIR =
      SPEC.value(
          "--kernel-dir",
          "DIR",
          "the kernel tree to compare the snapshot with (required)",
          Path::of);
  private static final Option<Path> SNAPSHOT =
      SPEC.value(
          "--snapshot",
          "DIR",
          "the facts to compare (default: the pinned snapshot on the class path)",
          Path::of);
  private static final Option<Path> TRACEFS =
      SPEC.value("--tracefs", "DIR", "also compare the event formats of this tracefs", Path::of);
  private static final Option<Boolean> STRICT = SPEC.flag("--strict", "exit 1 when there is drift");

  private CheckHeadersCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return SPEC.run(
        args,
        out,
        err,
        a -> {
          if (!a.has(KERNEL_DIR)) {
            throw a.error("--kernel-dir is required (see jtrace check-headers --help)");
          }
          return check(
              a.get(KERNEL_DIR, null),
              a.get(SNAPSHOT, null),
              a.get(TRACEFS, null),
              a.flag(STRICT, false),
              out,
              err);
        });
  }

  private static int check(
      Path kernel, Path snapshot, Path tracefs, boolean strict, PrintStream out, PrintStream err) {
    if (!Files.isDirectory(kernel)) {
      err.println("jtrace check-headers: " + kernel + ": no such directory");
      return 2;
    }
    try {
      if (snapshot == null) {
        Optional<Path> pinned = ClasspathSnapshot.pinned();
        if (pinned.isEmpty()) {
          err.println(
              "jtrace check-headers: no pinned snapshot on the class path ("
                  + ClasspathSnapshot.PINNED
                  + "/MANIFEST from the tools-include-uapi jar); pass --snapshot DIR");
          return 2;
        }
        snapshot = pinned.get();
      }
      CheckResult result = HeaderCheck.check(kernel, Optional.ofNullable(tracefs), snapshot);
      result.lines().forEach(out::println);
      if (result.drifts().isEmpty()) {
        out.println(
            "check-headers: no ABI drift between "
                + ClasspathSnapshot.display(snapshot)
                + " and "
                + kernel);
        return 0;
      }
      out.println("check-headers: " + result.drifts().size() + " sources differ");
      return strict ? 1 : 0;
    } catch (IOException e) {
      err.println("jtrace check-headers: " + IoErrors.describe(e));
      return 1;
    } catch (UncheckedIOException e) {
      err.println("jtrace check-headers: " + IoErrors.describe(e.getCause()));
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("jtrace check-headers: " + e.getMessage());
      return 1;
    }
  }
}
