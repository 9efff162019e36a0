package dev.jtrace.beauty;

import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.CapturedContent;
import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.beauty.content.JsonSink;
import java.util.List;

/**
 * Where an argument's decoded copies print, as strace places them: the copy in place of the pointer
 * (the entry's, else the exit's), and for an argument copied at both (poll's pollfds) the exit's
 * after the return value.
 */
final class ArgContents {
  private ArgContents() {}

  /** The copy shown in place of argument i's pointer, or an empty list. */
  private static List<CapturedContent> inPlace(CapturedMemory memory, int i) {
    List<CapturedContent> in = memory.contents(i, CapturePhase.ENTER);
    return in.isEmpty() ? memory.contents(i, CapturePhase.EXIT) : in;
  }

  /** The exit copy of an argument also copied at entry, or an empty list. */
  private static List<CapturedContent> afterReturn(CapturedMemory memory, int i) {
    return memory.contents(i, CapturePhase.ENTER).isEmpty()
        ? List.of()
        : memory.contents(i, CapturePhase.EXIT);
  }

  /** The text of argument i's copy in place of its pointer, or null when it has none. */
  static String text(int i, long v, int pid, CapturedMemory memory, BeautyContext context) {
    ContentRenderer r = memory.renderer();
    if (r == null || v == 0) {
      return null;
    }
    List<CapturedContent> parts = inPlace(memory, i);
    if (parts.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64);
    r.appendText(sb, v, parts, pid, context);
    return sb.toString();
  }

  /** Appends {@code (copy)} for each argument copied again at exit. */
  static void appendAfterReturn(
      StringBuilder out, long[] args, int pid, CapturedMemory memory, BeautyContext c) {
    ContentRenderer r = memory.renderer();
    if (r == null || args == null || !memory.copiedAtEntryAndExit()) {
      return;
    }
    for (int i = 0; i < args.length; i++) {
      List<CapturedContent> parts = afterReturn(memory, i);
      if (!parts.isEmpty() && args[i] != 0) {
        out.append(" (");
        r.appendText(out, args[i], parts, pid, c);
        out.append(')');
      }
    }
  }

  /**
   * Writes argument i's copy as one JSON value: the one in place, or with {@code afterReturn} the
   * exit copy of an argument copied at both; false (nothing written) when there is none.
   */
  static boolean writeJson(
      JsonSink sink,
      int i,
      long v,
      int pid,
      CapturedMemory memory,
      BeautyContext context,
      boolean afterReturn) {
    ContentRenderer r = memory.renderer();
    if (r == null || v == 0) {
      return false;
    }
    List<CapturedContent> parts = afterReturn ? afterReturn(memory, i) : inPlace(memory, i);
    if (parts.isEmpty()) {
      return false;
    }
    r.writeJson(sink, v, parts, pid, context);
    return true;
  }
}
