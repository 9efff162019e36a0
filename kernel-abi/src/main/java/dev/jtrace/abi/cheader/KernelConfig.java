package dev.jtrace.abi.cheader;

import java.util.List;
import java.util.Set;

/**
 * How the facts read a kernel configuration test: every option is on, as in an allyesconfig kernel,
 * so the facts describe what a kernel can use (irq_vectors.h defines the Hyper-V vectors only for
 * CONFIG_HYPERV), and the same tree always gives the same facts. {@code defined(CONFIG_X)}, {@code
 * #ifdef CONFIG_X}, {@code IS_ENABLED(CONFIG_X)}, {@code IS_BUILTIN(CONFIG_X)} and {@code
 * IS_REACHABLE(CONFIG_X)} are true; {@code IS_MODULE(CONFIG_X)} is false (built in, not a module).
 * A bare {@code CONFIG_X} in an {@code #if} expression is a value (e.g. {@code
 * CONFIG_PGTABLE_LEVELS}), not a yes/no: it stays unknown, 0.
 */
final class KernelConfig {
  private static final Set<String> ENABLED_TESTS =
      Set.of("IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE");
  private static final Set<String> MODULE_TESTS = Set.of("IS_MODULE");

  private KernelConfig() {}

  /** A Kconfig option name: what {@code defined} and {@code #ifdef} take as defined. */
  static boolean isOption(String name) {
    return name.startsWith("CONFIG_") && name.length() > "CONFIG_".length();
  }

  /**
   * The value of {@code test(args)} when it is a configuration test, or -1 when it is not one.
   *
   * @param args the tokens between the parentheses
   */
  static int test(String test, List<PpToken> args) {
    boolean oneOption =
        args.size() == 1 && args.get(0).is(CLexer.Identifier) && isOption(args.get(0).text());
    if (!oneOption) {
      return -1;
    }
    if (ENABLED_TESTS.contains(test)) {
      return 1;
    }
    return MODULE_TESTS.contains(test) ? 0 : -1;
  }
}
