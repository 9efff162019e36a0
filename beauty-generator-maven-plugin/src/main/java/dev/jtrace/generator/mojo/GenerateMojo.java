package dev.jtrace.generator.mojo;

import dev.jtrace.generator.generate.GenerationStamp;
import dev.jtrace.generator.generate.StampedGeneration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates the beautifier tables from the pinned ABI snapshot into {@code outputDirectory} and
 * adds it as a source root. Skips generation when the stamp (a digest of the snapshot and the
 * generator) is unchanged.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
  @Parameter(required = true)
  private File snapshotDir;

  @Parameter(defaultValue = "${project.build.directory}/generated-sources/beauty", required = true)
  private File outputDirectory;

  @Parameter(defaultValue = "${project.build.directory}/beauty-generator.stamp", required = true)
  private File stampFile;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  private PluginDescriptor plugin;

  @Override
  public void execute() throws MojoExecutionException {
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    Path out = outputDirectory.toPath();
    try {
      String version = GenerationStamp.generatorVersion(plugin == null ? "?" : plugin.getVersion());
      StampedGeneration.Outcome o =
          StampedGeneration.run(snapshotDir.toPath(), out, stampFile.toPath(), version);
      if (!o.generated()) {
        getLog()
            .info(
                "beauty tables up to date (snapshot and generator unchanged): nothing regenerated");
        return;
      }
      for (String w : o.warnings()) {
        getLog().warn(w);
      }
      getLog()
          .info(
              "beauty tables: "
                  + o.result().tables()
                  + " tables, "
                  + o.result().files()
                  + " files in "
                  + out);
    } catch (IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }
}
