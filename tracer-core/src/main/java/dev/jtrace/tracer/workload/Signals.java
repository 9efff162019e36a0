package dev.jtrace.tracer.workload;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM end a run cleanly (final drain, summary, everything released) instead of
 * killing it.
 */
public final class Signals {
  private Signals() {}

  /** On SIGINT or SIGTERM, sets stop; the run's loop notices it. */
  public static void onStop(AtomicBoolean stop) {
    for (String sig : List.of("INT", "TERM")) {
      try {
        Signal.handle(new Signal(sig), s -> stop.set(true));
      } catch (IllegalArgumentException ignored) {
        // signal not available (e.g. -Xrs): the default action applies
      }
    }
  }
}
