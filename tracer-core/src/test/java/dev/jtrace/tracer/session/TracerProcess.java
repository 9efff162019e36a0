package dev.jtrace.tracer.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * jtrace as its own process, as a user runs it: for what a test cannot do in its own JVM (signals,
 * stdout as data). With -v, its messages tell when tracing has begun.
 */
public final class TracerProcess implements AutoCloseable {
  private final Process process;
  private final List<String> messages = new ArrayList<>();
  private final CompletableFuture<Void> tracing = new CompletableFuture<>();

  private TracerProcess(Process process) {
    this.process = process;
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  synchronized (messages) {
                    messages.add(l);
                  }
                  if (l.contains("fd tables of") || l.contains("in-kernel summary attached")) {
                    tracing.complete(
                        null); // the snapshot is the last step before the events are enabled
                  }
                }
                tracing.completeExceptionally(
                    new IOException("jtrace ended before tracing: " + messages()));
              } catch (IOException e) {
                tracing.completeExceptionally(e);
              }
            });
  }

  /** The command line {@code java … dev.jtrace.cli.Main args}, on this test's class path. */
  public static ProcessBuilder command(String... args) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jtrace.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  /** Starts jtrace with args (give -v to use {@link #awaitTracing}); its stdout is discarded. */
  static TracerProcess start(String... args) throws IOException {
    return new TracerProcess(command(args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }

  /** Waits until the events are about to be enabled. */
  void awaitTracing() throws Exception {
    tracing.get(30, TimeUnit.SECONDS);
  }

  Process process() {
    return process;
  }

  /** Everything jtrace wrote to stderr so far. */
  String messages() {
    synchronized (messages) {
      return String.join("\n", messages);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
