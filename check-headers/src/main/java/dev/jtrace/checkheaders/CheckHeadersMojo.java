package dev.jtrace.checkheaders;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code mvn check-headers:check -Dkernel.dir=…}: warns (or with -Dstrict fails) on ABI drift. */
@Mojo(name = "check", requiresProject = false, threadSafe = true)
public final class CheckHeadersMojo extends AbstractMojo {
  @Parameter(property = "kernel.dir", required = true)
  private File kernelDir;

  @Parameter(property = "strict", defaultValue = "false")
  private boolean strict;

  @Override
  public void execute() throws MojoExecutionException {
    throw new MojoExecutionException("check-headers is not implemented yet");
  }
}
