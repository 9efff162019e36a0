package dev.jtrace.generator.mojo;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** Generates the beautifier tables and per-syscall formatters from the pinned ABI snapshot. */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
  @Parameter(required = true)
  private File snapshotDir;

  @Parameter(defaultValue = "${project.build.directory}/generated-sources/beauty", required = true)
  private File outputDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException {
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    getLog().info("beauty generator: snapshot " + snapshotDir + " (generation not wired yet)");
  }
}
