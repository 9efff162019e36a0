package dev.jtrace.cli.args;

import java.util.ArrayList;
import java.util.List;

/** The value parsers several commands share; each failure reads {@code not a <what>: <text>}. */
public final class Values {
  private Values() {}

  /** The text as given. */
  public static String text(String s) {
    return s;
  }

  /** A comma-separated list of pids or tids ({@code 1,2}). */
  public static List<Integer> ids(String s) throws BadValue {
    List<Integer> out = new ArrayList<>();
    for (String part : s.split(",", -1)) {
      long n = integer(part);
      if (n <= 0 || n > Integer.MAX_VALUE) {
        throw new BadValue("not a pid: " + part);
      }
      out.add((int) n);
    }
    return List.copyOf(out);
  }

  /** A whole number, blanks around it allowed. */
  public static long integer(String s) throws BadValue {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new BadValue("not a number: " + s);
    }
  }

  /** A whole number ≥ 0. */
  public static Long nonNegativeLong(String s) throws BadValue {
    long n = integer(s);
    if (n < 0) {
      throw new BadValue("not a count >= 0: " + s);
    }
    return n;
  }

  /** A finite number ≥ 0 ({@code 1.5}). */
  public static Double nonNegativeDouble(String s) throws BadValue {
    double d = Double.NaN;
    try {
      d = Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      // said below, with the other ways to be out of range
    }
    if (Double.isNaN(d)) {
      throw new BadValue("not a number: " + s);
    }
    if (d < 0 || Double.isInfinite(d)) {
      throw new BadValue("not a number >= 0: " + s);
    }
    return d;
  }
}
