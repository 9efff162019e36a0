package dev.jtrace.generator.mojo;

import dev.jtrace.checkheaders.CheckResult;
import dev.jtrace.checkheaders.HeaderCheck;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn beauty-generator:check-headers -Dkernel.dir=…}: warns (or with -Dstrict fails) on ABI
 * drift.
 */
@Mojo(name = "check-headers", requiresProject = false, threadSafe = true)
public final class CheckHeadersMojo extends AbstractMojo {
  @Parameter(property = "kernel.dir", required = true)
  private File kernelDir;

  @Parameter(property = "strict", defaultValue = "false")
  private boolean strict;

  /**
   * Default: the reactor's tools-include-uapi/src/main/abi (found from the top project directory).
   */
  @Parameter(property = "snapshot.dir")
  private File snapshotDir;

  /** When set, the syscall event formats of this tracefs are compared too. */
  @Parameter(property = "tracefs.dir")
  private File tracefsDir;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (!kernelDir.isDirectory()) {
      throw new MojoExecutionException("check-headers: " + kernelDir + ": no such directory");
    }
    File snapshot = snapshotDir;
    if (snapshot == null) {
      String top =
          System.getProperty("maven.multiModuleProjectDirectory", System.getProperty("user.dir"));
      snapshot = new File(top, "tools-include-uapi/src/main/abi");
    }
    CheckResult result;
    try {
      result =
          HeaderCheck.check(
              kernelDir.toPath(),
              Optional.ofNullable(tracefsDir).map(File::toPath),
              snapshot.toPath());
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      throw new MojoExecutionException("check-headers: " + e.getMessage(), e);
    }
    result.lines().forEach(getLog()::warn);
    if (result.drifts().isEmpty()) {
      getLog().info("check-headers: no ABI drift between " + snapshot + " and " + kernelDir);
    } else if (strict) {
      throw new MojoFailureException(
          "check-headers: " + result.drifts().size() + " sources differ (strict)");
    }
  }
}
