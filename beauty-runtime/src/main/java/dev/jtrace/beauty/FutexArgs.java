package dev.jtrace.beauty;

/**
 * futex's op (command, PRIVATE and CLOCK_REALTIME bits) and its other arguments by what each
 * command reads (futex(2)): val, utime (a timeout, or val2 as a count for the requeue/wake-op
 * commands), uaddr2 and val3.
 */
final class FutexArgs {
  private static final int FUTEX_CMD_MASK = 0x7f;
  private static final int FUTEX_PRIVATE = 128;
  private static final int FUTEX_CLOCK_REALTIME = 256;

  private final ArgRenderer renderer;

  FutexArgs(ArgRenderer renderer) {
    this.renderer = renderer;
  }

  String op(long v) {
    int op = (int) v;
    int cmd = op & FUTEX_CMD_MASK;
    StringBuilder b =
        new StringBuilder(renderer.valueOr(TableNames.FUTEX_OPS, cmd, Integer.toString(cmd)));
    if ((op & FUTEX_PRIVATE) != 0) {
      b.append("|PRIV");
    }
    if ((op & FUTEX_CLOCK_REALTIME) != 0) {
      b.append("|CLKRT");
    }
    int rest = op & ~(FUTEX_CMD_MASK | FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME);
    if (rest != 0) {
      b.append("|").append(ArgRenderer.hex(rest));
    }
    return b.toString();
  }

  /** The text of val, utime, uaddr2 or val3, or null when the command does not read it. */
  String arg(SyscallSignature sig, ArgSpec spec, long[] args, long v) {
    int opIdx = sig.indexOf("op");
    int cmd = opIdx >= 0 ? (int) args[opIdx] & FUTEX_CMD_MASK : -1;
    // Bits: 1 val, 2 utime/val2, 4 uaddr2, 8 val3.
    int used =
        switch (cmd) {
          case 0 -> 1 | 2; // WAIT
          case 1, 2 -> 1; // WAKE, FD
          case 3 -> 1 | 2 | 4; // REQUEUE
          case 4, 5, 12 -> 1 | 2 | 4 | 8; // CMP_REQUEUE, WAKE_OP, CMP_REQUEUE_PI
          case 6, 13 -> 2; // LOCK_PI, LOCK_PI2
          case 7, 8 -> 0; // UNLOCK_PI, TRYLOCK_PI
          case 9 -> 1 | 2 | 8; // WAIT_BITSET
          case 10 -> 1 | 8; // WAKE_BITSET
          case 11 -> 1 | 2 | 4 | 8; // WAIT_REQUEUE_PI
          default -> 15;
        };
    int bit =
        switch (spec.name()) {
          case "val" -> 1;
          case "utime" -> 2;
          case "uaddr2" -> 4;
          case "val3" -> 8;
          default -> 15;
        };
    if ((used & bit) == 0 || v == 0) {
      return null;
    }
    if (bit == 8) {
      return (int) v == -1 && (cmd == 9 || cmd == 10)
          ? "MATCH_ANY"
          : ArgRenderer.hex(v & 0xffffffffL);
    }
    if (bit == 1) {
      return Integer.toString((int) v);
    }
    return ArgRenderer.hex(v);
  }
}
