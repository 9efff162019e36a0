package dev.jtrace.checkheaders;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code mvn check-headers:check -Dkernel.dir=…}: warns (or with -Dstrict fails) on ABI drift. */
@Mojo(name = "check", requiresProject = false, threadSafe = true)
public final class CheckHeadersMojo extends AbstractMojo {
  @Parameter(property = "kernel.dir", required = true)
  private File kernelDir;

  @Parameter(property = "strict", defaultValue = "false")
  private boolean strict;

  /** Default: the reactor's tools-include-uapi/src/main/abi (found from the top project directory). */
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
    if (snapshotDir == null) {
      String top = System.getProperty("maven.multiModuleProjectDirectory", System.getProperty("user.dir"));
      snapshotDir = new File(top, "tools-include-uapi/src/main/abi");
    }
    CheckResult result;
    try {
      result = HeaderCheck.check(kernelDir.toPath(),
          Optional.ofNullable(tracefsDir).map(File::toPath), snapshotDir.toPath());
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      throw new MojoExecutionException("check-headers: " + e.getMessage(), e);
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    result.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
    for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        getLog().warn(line);
      }
    }
    if (result.drifts().isEmpty()) {
      getLog().info("check-headers: no ABI drift between " + snapshotDir + " and " + kernelDir);
    } else if (strict) {
      throw new MojoFailureException("check-headers: " + result.drifts().size() + " sources differ (strict)");
    }
  }
}
