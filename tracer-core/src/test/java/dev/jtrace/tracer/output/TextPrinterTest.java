package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPrinterTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);
  private static final BeautyContext CTX =
      new BeautyContext() {
        @Override
        public String comm(int pid) {
          return pid == 1 ? "one" : "two";
        }
      };
  private static final long MS = 1_000_000;

  private final StringWriter out = new StringWriter();
  private final TimeBase base = new TimeBase(false);
  private final TextPrinter p = new TextPrinter(out, B, CTX, TextOptions.builder().build(), base);

  private static long[] args() {
    return new long[] {3, 0, 0, 0, 0, 0};
  }

  private static String callText(int nr) {
    StringBuilder s = new StringBuilder(B.name(nr)).append('(');
    B.appendArgs(s, 1, nr, args(), CapturedMemory.NONE, CTX);
    return s.append(')').toString();
  }

  private SyscallEnter enter(long t, int tid, int nr) throws Exception {
    base.observe(t);
    SyscallEnter e = new SyscallEnter(t, 0, tid, tid, nr, args());
    p.entered(e);
    return e;
  }

  private void exit(SyscallEnter e, long t, long ret) throws Exception {
    p.completed(
        new SyscallEvent(
            e.time(),
            t - e.time(),
            e.pid(),
            e.tid(),
            0,
            e.nr(),
            e.args(),
            ret,
            SyscallEvent.Completion.COMPLETE));
  }

  private List<String> lines() throws Exception {
    p.finish();
    return out.toString().lines().toList();
  }

  @Test
  void completeCallLine() throws Exception {
    SyscallEnter e = enter(5 * MS, 1, 3);
    exit(e, 5 * MS + 12_345, 0);
    String l = lines().getFirst();
    String head = "     0.000 ( 0.012 ms): one/1 ";
    assertThat(l).startsWith(head + callText(3));
    assertThat(l.indexOf("= 0")).isEqualTo(head.length() + 70);
    assertThat(l).endsWith("= 0");
  }

  @Test
  void interruptedThenContinued() throws Exception {
    SyscallEnter a = enter(1 * MS, 1, 0);
    SyscallEnter b = enter(2 * MS, 2, 3);
    exit(b, 3 * MS, 0);
    exit(a, 4 * MS, 7);
    List<String> l = lines();
    assertThat(l).hasSize(3);
    assertThat(l.get(0)).startsWith("     0.000 (         ): one/1 " + callText(0));
    assertThat(l.get(0)).endsWith(" ...");
    assertThat(l.get(0).indexOf(" ...")).isEqualTo("     0.000 (         ): one/1 ".length() + 66);
    assertThat(l.get(1)).startsWith("     1.000 ( 1.000 ms): two/2 " + callText(3));
    String cont = "     0.000 ( 3.000 ms): one/1  ... [continued]: " + B.name(0) + "()";
    assertThat(l.get(2)).startsWith(cont);
    assertThat(l.get(2).indexOf("= 7")).isEqualTo("     0.000 ( 3.000 ms): one/1 ".length() + 70);
  }

  @Test
  void returnWithoutEntryAndNoReturn() throws Exception {
    base.observe(MS);
    p.completed(new SyscallEvent(MS, -1, 1, 1, 0, 59, null, 0, SyscallEvent.Completion.CONTINUED));
    SyscallEnter e = enter(2 * MS, 1, 231);
    p.completed(
        new SyscallEvent(
            e.time(), -1, 1, 1, 0, 231, e.args(), 0, SyscallEvent.Completion.NO_RETURN));
    List<String> l = lines();
    assertThat(l.get(0))
        .startsWith("         ? (         ): one/1  ... [continued]: " + B.name(59) + "()");
    assertThat(l.get(0)).endsWith("= 0");
    assertThat(l.get(1)).startsWith("     1.000 (         ): one/1 " + callText(231));
    assertThat(l.get(1)).endsWith("= ?");
  }

  @Test
  void lostIsInline() throws Exception {
    SyscallEnter e = enter(MS, 1, 0);
    p.lost(new Lost(MS, 0, 42));
    exit(e, 2 * MS, 1);
    List<String> l = lines();
    assertThat(l.get(0)).endsWith(" ...");
    assertThat(l.get(1)).isEqualTo("LOST 42 events!");
    assertThat(l.get(2)).contains("[continued]");
  }

  @Test
  void fixedPointMillis() {
    StringBuilder s = new StringBuilder();
    Fixed3.appendMillis(s, 1_234_567_890L, 10);
    assertThat(s.toString()).isEqualTo("  1234.568");
    s.setLength(0);
    Fixed3.appendMillis(s, 999, 6);
    assertThat(s.toString()).isEqualTo(" 0.001");
    // every width of the whole part, against printf's %10.3f
    for (long ns = 1; ns > 0 && ns < Long.MAX_VALUE / 10; ns = ns * 10 + 7) {
      s.setLength(0);
      Fixed3.appendMillis(s, ns, 10);
      long us = (ns + 500) / 1000;
      assertThat(s.toString())
          .isEqualTo(String.format("%10s", (us / 1000) + "." + String.format("%03d", us % 1000)));
    }
  }
}
