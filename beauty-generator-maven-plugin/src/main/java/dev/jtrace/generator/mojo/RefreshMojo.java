package dev.jtrace.generator.mojo;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
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
    try {
      KernelTree tree = KernelTree.open(kernelDir.toPath());
      Optional<java.nio.file.Path> tracefs =
          tracefsDir != null && new File(tracefsDir, "events").isDirectory()
              ? Optional.of(tracefsDir.toPath())
              : Optional.empty();
      if (tracefs.isEmpty()) {
        getLog()
            .warn(
                "refresh: no tracefs at "
                    + tracefsDir
                    + "; the snapshot's event formats are kept as they are");
      }
      SnapshotBuilder builder = new SnapshotBuilder(tree, tracefs);
      AbiSnapshot snapshot = builder.build(TrackedHeaders.read(snapshotDir.toPath()));
      for (String m : builder.missing()) {
        getLog().warn("refresh: " + kernelDir + " has no " + m);
      }
      if (!builder.problems().isEmpty()) {
        builder.problems().forEach(p -> getLog().error(p));
        throw new MojoExecutionException(
            builder.problems().size()
                + " kernel files could not be read: "
                + builder.problems().get(0));
      }
      SnapshotWriter.write(snapshot, snapshotDir.toPath(), tracefs.isEmpty());
      getLog()
          .info(
              "refresh: kernel "
                  + snapshot.kernelVersion()
                  + ": "
                  + snapshot.headers().size()
                  + " headers, "
                  + snapshot.syscallTables().size()
                  + " syscall tables, "
                  + snapshot.formats().size()
                  + " event formats written to "
                  + snapshotDir);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      throw new MojoExecutionException("refresh: " + e.getMessage(), e);
    }
  }
}
