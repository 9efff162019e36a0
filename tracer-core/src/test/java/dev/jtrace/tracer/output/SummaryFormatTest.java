package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The summary row written by hand prints what the format string it replaced printed. */
class SummaryFormatTest {
  private static String formatted(
      String name, long calls, long errors, long total, long min, double avg, long max, double sd) {
    return String.format(
        Locale.ROOT,
        "   %-15s %8d %6d %9.3f %9.3f %9.3f %9.3f %9.2f%%\n",
        name,
        calls,
        errors,
        total / 1e6,
        min / 1e6,
        avg / 1e6,
        max / 1e6,
        sd);
  }

  private static String row(
      String name, long calls, long errors, long total, long min, double avg, long max, double sd) {
    StringBuilder b = new StringBuilder();
    SummaryFormat.row(b, name, calls, errors, total, min, avg, max, sd);
    return b.toString();
  }

  /** A value off the half-way points, where binary doubles and decimal rounding can disagree. */
  private static long offTie(Random r, long bound) {
    long v = (long) (r.nextDouble() * bound);
    return v % 1000 == 500 ? v + 1 : v;
  }

  @Test
  void equalsTheFormatStringOnManyRows() {
    Random r = new Random(11);
    String[] names = {"read", "a_very_long_syscall_name", "x", "clock_nanosleep"};
    for (int i = 0; i < 20_000; i++) {
      // up to 10^14 ns (a day) in a column: beyond, ns / 1e6 as a double loses the last digit
      long scale = (long) Math.pow(10, r.nextInt(12));
      long calls = offTie(r, scale);
      long errors = r.nextInt(3) == 0 ? 0 : offTie(r, calls + 1);
      long total = offTie(r, scale * 1000);
      long min = offTie(r, scale);
      long max = offTie(r, scale * 10);
      double avg = offTie(r, scale * 100) + 0.25;
      double sd = Math.round(r.nextDouble() * 1e4) / 100.0 + 0.0031; // off the .xx5 ties
      String name = names[i % names.length];
      assertThat(row(name, calls, errors, total, min, avg, max, sd))
          .isEqualTo(formatted(name, calls, errors, total, min, avg, max, sd));
    }
  }

  @Test
  void zerosAndWideValues() {
    assertThat(row("read", 0, 0, 0, 0, 0, 0, 0)).isEqualTo(formatted("read", 0, 0, 0, 0, 0, 0, 0));
    long big = 12_345_678_901_234L;
    assertThat(row("read", big, 7, big, 1, big / 3.0, big, 100))
        .isEqualTo(formatted("read", big, 7, big, 1, big / 3.0, big, 100));
  }
}
