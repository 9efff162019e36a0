package dev.jtrace.tracer.session;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that trace the C workload (workload.c): compiled once per test class, skipped where tracing
 * cannot run.
 */
abstract class WorkloadTest {
  @TempDir static Path dir;
  static Path workload;

  @BeforeAll
  static void build() throws Exception {
    TracedRun.assumeTracingWorks();
    workload = TracedRun.compileWorkload(dir);
  }
}
