package dev.jtrace.tracer.event;

/**
 * How a traced process ended, as strace prints it: {@code +++ exited with 3 +++} or {@code +++
 * killed by SIGTERM +++}; {@code +++ exited +++} when neither its exit call nor its status was
 * seen.
 *
 * @param exitCode the status it passed to exit_group, or -1
 * @param signal the name of the signal that killed it, or null
 */
public record ProcessEnd(int exitCode, String signal) implements StraceNote {

  @Override
  public void appendStrace(StringBuilder sb) {
    if (signal != null) {
      sb.append("+++ killed by ").append(signal).append(" +++");
    } else if (exitCode >= 0) {
      sb.append("+++ exited with ").append(exitCode).append(" +++");
    } else {
      sb.append("+++ exited +++");
    }
  }
}
