package dev.jtrace.generator.mojo;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Rewrites the pinned ABI snapshot from a kernel tree (and tracefs for the event formats). */
@Mojo(name = "refresh", requiresProject = false, threadSafe = true)
public final class RefreshMojo extends AbstractMojo {
  @Parameter(property = "kernel.dir", required = true)
  private File kernelDir;

  @Parameter(property = "tracefs.dir", defaultValue = "/sys/kernel/tracing")
  private File tracefsDir;

  @Parameter(required = true)
  private File snapshotDir;

  @Override
  public void execute() throws MojoExecutionException {
    throw new MojoExecutionException("refresh is not implemented yet");
  }
}
