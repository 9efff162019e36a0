package dev.jtrace.tracer.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command under the real strace and parses what it printed into {@link StraceCall}s, for
 * differential tests of jtrace against strace. strace runs as {@code strace -f -qq -X raw -s 4096
 * -o FILE}: every process, no attach notes, flags and constants as numbers (comparable with
 * jtrace's raw values), strings uncut, its lines apart from the command's output.
 *
 * <p>{@code [pid] name(args <unfinished ...>} and the later {@code [pid] <... name resumed>rest}
 * are joined into one call, in the place of its entry; signal ({@code ---}) and exit ({@code +++})
 * lines are left out.
 */
public final class StraceRun {
  /** What strace is run with, before the caller's options. */
  public static final List<String> OPTIONS = List.of("-f", "-qq", "-X", "raw", "-s", "4096");

  private static final Pattern LINE = Pattern.compile("(\\d+) +(.*)");
  private static final Pattern RESUMED = Pattern.compile("<\\.\\.\\. ([a-z0-9_]+) resumed>(.*)");
  private static final String UNFINISHED = " <unfinished ...>";
  private static final Pattern RETURN =
      Pattern.compile("\\s*= (\\?|-1 (E[A-Z0-9]+)|0x[0-9a-f]+|-?\\d+)(.*)");

  /** A run: the command's exit status, its standard output, and strace's calls. */
  public record Result(int status, String stdout, List<StraceCall> calls) {}

  private StraceRun() {}

  /** Every call of the command and its descendants, as strace saw them. */
  public static List<StraceCall> trace(String... command) throws IOException, InterruptedException {
    return run(List.of(), command).calls();
  }

  /**
   * Runs the command under strace with {@link #OPTIONS} and these (e.g. {@code -e trace=...});
   * skips the calling test when strace is not installed or cannot trace here.
   */
  public static Result run(List<String> options, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("strace", ".txt");
    try {
      List<String> argv = new ArrayList<>(List.of("strace"));
      argv.addAll(OPTIONS);
      argv.addAll(options);
      argv.addAll(List.of("-o", log.toString()));
      argv.addAll(List.of(command));
      Process p;
      try {
        p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      } catch (IOException e) {
        assumeTrue(false, "no strace: " + e.getMessage());
        throw e;
      }
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.getInputStream().transferTo(out);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("strace did not finish in 120 s: " + argv);
      }
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      assumeTrue(
          !text.isEmpty() || p.exitValue() == 0,
          "strace cannot trace here (status " + p.exitValue() + ")");
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), parse(text));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Parses strace's output (with {@code -f -o}: each line starts with its pid). */
  public static List<StraceCall> parse(String text) {
    List<StraceCall> calls = new ArrayList<>();
    Map<Integer, Integer> unfinishedSlot = new HashMap<>();
    Map<Integer, String> unfinishedText = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not an strace -f -o line: " + line);
      }
      int pid = Integer.parseInt(m.group(1));
      String rest = m.group(2);
      if (rest.startsWith("---") || rest.startsWith("+++")) {
        continue;
      }
      Matcher resumed = RESUMED.matcher(rest);
      if (resumed.matches()) {
        Integer slot = unfinishedSlot.remove(pid);
        String start = unfinishedText.remove(pid);
        if (slot == null) {
          throw new IllegalArgumentException("resumed without its start: " + line);
        }
        calls.set(slot, call(pid, start + resumed.group(2), line));
        continue;
      }
      if (rest.endsWith(UNFINISHED)) {
        unfinishedSlot.put(pid, calls.size());
        unfinishedText.put(pid, rest.substring(0, rest.length() - UNFINISHED.length()));
        calls.add(null);
        continue;
      }
      calls.add(call(pid, rest, line));
    }
    // A call strace left unfinished (the tracee was killed or exec'ed from another thread).
    for (Map.Entry<Integer, Integer> u : unfinishedSlot.entrySet()) {
      String start = unfinishedText.get(u.getKey());
      int paren = start.indexOf('(');
      calls.set(
          u.getValue(),
          new StraceCall(
              u.getKey(),
              start.substring(0, paren),
              splitArgs(start.substring(paren + 1), start),
              null,
              null,
              "<unfinished ...>"));
    }
    return calls;
  }

  /** {@code name(args) = ret detail}. */
  private static StraceCall call(int pid, String text, String line) {
    int open = text.indexOf('(');
    if (open <= 0) {
      throw new IllegalArgumentException("no call in: " + line);
    }
    String name = text.substring(0, open);
    int close = matching(text, open, line);
    List<String> args = splitArgs(text.substring(open + 1, close), line);
    Matcher r = RETURN.matcher(text.substring(close + 1));
    if (!r.matches()) {
      throw new IllegalArgumentException("no return value in: " + line);
    }
    String value = r.group(1);
    Long ret;
    if (value.equals("?")) {
      ret = null;
    } else if (r.group(2) != null) {
      ret = -1L;
    } else {
      ret = number(value);
    }
    return new StraceCall(pid, name, args, ret, r.group(2), r.group(3).strip());
  }

  /** The index of the parenthesis closing the one at open, skipping strings and comments. */
  private static int matching(String text, int open, String line) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        i = stringEnd(text, i);
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        i = text.indexOf("*/", i + 2) + 1;
        if (i == 0) {
          break;
        }
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("unbalanced call in: " + line);
  }

  /** The index of the quote closing the string that starts at i. */
  private static int stringEnd(String text, int i) {
    for (int j = i + 1; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j;
      }
    }
    throw new IllegalArgumentException("unterminated string in: " + text);
  }

  /** Splits at the top-level commas (an empty argument stays: strace prints a raw 0 flag so). */
  static List<String> splitArgs(String args, String line) {
    List<String> out = new ArrayList<>();
    if (args.isBlank()) {
      return out;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (c == '"') {
        i = stringEnd(args, i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(args.substring(start, i).strip());
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced arguments in: " + line);
    }
    out.add(args.substring(start).strip());
    return out;
  }

  /** A number as strace prints it: decimal, {@code 0x} hex or {@code 0}-led octal. */
  static long number(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no such argument");
    }
    String t = text.strip();
    if (t.startsWith("0x")) {
      return Long.parseUnsignedLong(t.substring(2), 16);
    }
    if (t.length() > 1 && t.startsWith("0")) {
      return Long.parseLong(t.substring(1), 8);
    }
    return Long.parseLong(t);
  }

  /**
   * A quoted strace string with its C escapes undone (one char per byte, ISO-8859-1), without a
   * trailing {@code ...}; null when the text is no string.
   */
  static String unquote(String text) {
    if (text == null || !text.startsWith("\"")) {
      return null;
    }
    int end = stringEnd(text, 0);
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'v' -> b.append('\u000b');
        case 'f' -> b.append('\f');
        case 'x' -> {
          b.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int j = i;
            while (j < end && j < i + 3 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
              j++;
            }
            b.append((char) Integer.parseInt(text.substring(i, j), 8));
            i = j - 1;
          } else {
            b.append(e); // \" and \\
          }
        }
      }
    }
    return b.toString();
  }
}
