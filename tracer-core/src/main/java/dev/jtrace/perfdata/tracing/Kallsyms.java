package dev.jtrace.perfdata.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Kernel symbols from a kallsyms text ({@code ADDRESS TYPE NAME [MODULE]} lines): the function or
 * data symbol an address falls in, as {@code %pS} prints it ({@code sched_setaffinity+0x127}). The
 * host's table ({@code /proc/kallsyms}) is read the first time an address is looked up, not before;
 * when it cannot be read or its addresses are hidden (kptr_restrict), no address has a name.
 */
public final class Kallsyms {
  private static final Kallsyms HOST = new Kallsyms(null);

  private final String text; // null: the host's, read on first use
  private volatile Table table;

  private record Table(long[] addresses, String[] names) {}

  private Kallsyms(String text) {
    this.text = text;
  }

  /** The running kernel's symbols, read from /proc/kallsyms on first use. */
  public static Kallsyms host() {
    return HOST;
  }

  /** The symbols of a kallsyms text (a perf.data's), or the host's when the text is empty. */
  public static Kallsyms fromText(String kallsyms) {
    return kallsyms == null || kallsyms.isBlank() ? HOST : new Kallsyms(kallsyms);
  }

  /**
   * Appends the name of the symbol {@code address} falls in, with {@code +0xOFFSET} when {@code
   * withOffset}; false (nothing appended) when no symbol holds it.
   */
  public boolean appendSymbol(StringBuilder sb, long address, boolean withOffset) {
    Table t = table();
    int i = floor(t.addresses, address);
    // a symbol ends where the next begins; the last one a page on (as perf ends it)
    if (i < 0 || (i == t.addresses.length - 1 && address - t.addresses[i] >= 4096)) return false;
    sb.append(t.names[i]);
    if (withOffset) {
      sb.append("+0x");
      PrintFormat.appendHex(sb, address - t.addresses[i], false);
    }
    return true;
  }

  /** The last index whose address is at most {@code address}, unsigned; -1 when none is. */
  private static int floor(long[] addresses, long address) {
    int lo = 0, hi = addresses.length - 1, found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(addresses[mid], address) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private Table table() {
    Table t = table;
    if (t == null) {
      synchronized (this) {
        t = table;
        if (t == null) table = t = parse(text != null ? text : readHost());
      }
    }
    return t;
  }

  private static String readHost() {
    try {
      return Files.readString(Path.of("/proc/kallsyms"), StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException unreadable) {
      return "";
    }
  }

  /**
   * Text and data symbols (types T, W, D, B in either case, as perf keeps), sorted by address; of
   * several at one address the one perf would choose (not weak, then global, then fewer leading
   * underscores, then the longer name).
   */
  private static Table parse(String text) {
    long[] addresses = new long[1024];
    String[] names = new String[1024];
    int[] ranks = new int[1024];
    int n = 0;
    int pos = 0;
    while (pos < text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length();
      int sp1 = text.indexOf(' ', pos);
      if (sp1 > pos && sp1 + 3 < eol && text.charAt(sp1 + 2) == ' ') {
        char type = text.charAt(sp1 + 1);
        if ("TWDB".indexOf(Character.toUpperCase(type)) >= 0) {
          int nameEnd = sp1 + 3;
          while (nameEnd < eol && !Character.isWhitespace(text.charAt(nameEnd))) nameEnd++;
          long address = parseHex(text, pos, sp1);
          if (address != 0) {
            if (n == addresses.length) {
              addresses = Arrays.copyOf(addresses, n * 2);
              names = Arrays.copyOf(names, n * 2);
              ranks = Arrays.copyOf(ranks, n * 2);
            }
            addresses[n] = address;
            names[n] = text.substring(sp1 + 3, nameEnd);
            ranks[n++] =
                Character.toUpperCase(type) == 'W' ? 2 : Character.isUpperCase(type) ? 0 : 1;
          }
        }
      }
      pos = eol + 1;
    }
    return sorted(addresses, names, ranks, n);
  }

  private static Table sorted(long[] addresses, String[] names, int[] ranks, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(addresses[a], addresses[b])); // stable
    long[] a = new long[n];
    String[] s = new String[n];
    int[] r = new int[n];
    int out = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (out > 0 && a[out - 1] == addresses[i]) {
        if (better(names[i], ranks[i], s[out - 1], r[out - 1])) {
          s[out - 1] = names[i];
          r[out - 1] = ranks[i];
        }
        continue;
      }
      a[out] = addresses[i];
      r[out] = ranks[i];
      s[out++] = names[i];
    }
    return new Table(Arrays.copyOf(a, out), Arrays.copyOf(s, out));
  }

  private static boolean better(String name, int rank, String than, int thanRank) {
    if (rank != thanRank) return rank < thanRank;
    int u = underscores(name), tu = underscores(than);
    if (u != tu) return u < tu;
    return name.length() > than.length();
  }

  private static int underscores(String name) {
    int i = 0;
    while (i < name.length() && name.charAt(i) == '_') i++;
    return i;
  }

  private static long parseHex(String text, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0) return 0;
      v = (v << 4) | d;
    }
    return v;
  }
}
