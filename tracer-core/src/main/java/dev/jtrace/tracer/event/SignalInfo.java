package dev.jtrace.tracer.event;

import java.util.List;

/**
 * A signal a traced thread took, as strace prints it: {@code {si_signo=SIGUSR1, si_code=SI_USER,
 * si_pid=123, si_uid=0}}. The sender's pid and uid are known when the sender was traced too (its
 * signal_generate came first), or for a SIGCHLD the child that just ended (with its status); else
 * they are -1 and left out.
 *
 * @param signal the signal's name ({@code SIGUSR1})
 * @param code the si_code's name ({@code SI_USER}, {@code CLD_EXITED}) or its number
 */
public record SignalInfo(String signal, String code, int senderPid, int senderUid, int status)
    implements StraceNote {

  /** {@code --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=123, si_uid=0} ---}. */
  @Override
  public void appendStrace(StringBuilder sb) {
    sb.append("--- ").append(signal).append(" {si_signo=").append(signal);
    sb.append(", si_code=").append(code);
    if (senderPid >= 0) {
      sb.append(", si_pid=").append(senderPid);
    }
    if (senderUid >= 0) {
      sb.append(", si_uid=").append(senderUid);
    }
    if (status >= 0) {
      sb.append(", si_status=").append(status);
    }
    sb.append("} ---");
  }

  /** The si_code's name for this signal ({@code SIGCHLD}), as strace spells it, or the number. */
  public static String codeName(String signal, int code) {
    String generic =
        switch (code) {
          case 0 -> "SI_USER";
          case 0x80 -> "SI_KERNEL";
          case -1 -> "SI_QUEUE";
          case -2 -> "SI_TIMER";
          case -3 -> "SI_MESGQ";
          case -4 -> "SI_ASYNCIO";
          case -5 -> "SI_SIGIO";
          case -6 -> "SI_TKILL";
          default -> null;
        };
    if (generic != null || code <= 0) {
      return generic != null ? generic : Integer.toString(code);
    }
    List<String> names =
        switch (signal) {
          case "SIGCHLD" ->
              List.of(
                  "CLD_EXITED",
                  "CLD_KILLED",
                  "CLD_DUMPED",
                  "CLD_TRAPPED",
                  "CLD_STOPPED",
                  "CLD_CONTINUED");
          case "SIGSEGV" -> List.of("SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR");
          case "SIGBUS" -> List.of("BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR");
          case "SIGTRAP" -> List.of("TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT");
          default -> List.of();
        };
    return code <= names.size() ? names.get(code - 1) : Integer.toString(code);
  }
}
