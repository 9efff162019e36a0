package dev.jtrace.tracer.workload;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM end a run cleanly (final drain, summary, everything released) instead of
 * killing it.
 */
public final class Signals {
  private Signals() {}

  /**
   * On SIGINT or SIGTERM, sets stop; the run's loop notices it. A signal jtrace was started with
   * ignored (SIGINT in a script's background job) is handled too, as perf does: the JVM would
   * silently install nothing for it.
   */
  public static void onStop(AtomicBoolean stop) {
    onStop(stop, signal -> {});
  }

  /** As {@link #onStop(AtomicBoolean)}, and tells {@code received} which signal it was. */
  public static void onStop(AtomicBoolean stop, IntConsumer received) {
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal signal = new Signal(name);
        try {
          NativeCalls.unignoreSignal(signal.getNumber());
        } catch (PerfException e) {
          // the disposition stays as inherited: an ignored signal is then not handled
        }
        int number = signal.getNumber();
        Signal.handle(signal, s -> stop(stop, received, number));
      } catch (IllegalArgumentException ignored) {
        // signal not available (e.g. -Xrs): the default action applies
      }
    }
  }

  private static void stop(AtomicBoolean stop, IntConsumer received, int signal) {
    received.accept(signal);
    stop.set(true);
  }
}
