package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.IoctlMacro;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Tells which function-like macros are ioctl commands whose size is an argument ({@code #define
 * USBDEVFS_CONNINFO_EX(len) _IOC(_IOC_READ, 'U', 32, len)}): called with every argument 0 the macro
 * has a non-zero value, and changing any one argument changes the value's {@code _IOC_SIZE} bits
 * (as the unit's {@code _IOC_SIZEMASK << _IOC_SIZESHIFT} places them for its arch) and nothing else
 * — so direction, type and number are constant, and at least one argument is a size.
 */
final class SizedIoctlMacros {
  /** Arguments tried for each parameter: small and large sizes. */
  private static final List<String> PROBES = List.of("1", "0x155");

  private final Map<String, Macro> macros;
  private final TypeTable types;
  private final OptionalLong sizeBits;

  SizedIoctlMacros(Map<String, Macro> macros, TypeTable types) {
    this.macros = macros;
    this.types = types;
    this.sizeBits =
        evaluate(
            macros,
            HeaderLexer.tokens("<ioctl size>", 0, 0, "(_IOC_SIZEMASK << _IOC_SIZESHIFT)"),
            null);
  }

  /** The fact for {@code m} when it is a sized ioctl command. */
  Optional<IoctlMacro> read(Macro m) {
    if (!m.functionLike() || m.variadic() || m.params().isEmpty() || sizeBits.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Macro> env = macros;
    if (macros.get(m.name()) != m) { // redefined or undefined later in the unit
      env = new HashMap<>(macros);
      env.put(m.name(), m);
    }
    int n = m.params().size();
    OptionalLong base = call(env, m, zeros(n));
    if (base.isEmpty() || base.getAsLong() == 0) {
      return Optional.empty();
    }
    boolean sized = false;
    for (int p = 0; p < n; p++) {
      for (String probe : PROBES) {
        List<String> args = zeros(n);
        args.set(p, probe);
        OptionalLong v = call(env, m, args);
        if (v.isEmpty()) {
          return Optional.empty();
        }
        long changed = v.getAsLong() ^ base.getAsLong();
        if ((changed & ~sizeBits.getAsLong()) != 0) {
          return Optional.empty(); // the argument reaches direction, type or number
        }
        sized |= changed != 0;
      }
    }
    return sized
        ? Optional.of(new IoctlMacro(m.name(), m.params(), base.getAsLong(), m.replacementText()))
        : Optional.empty();
  }

  private static List<String> zeros(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add("0");
    }
    return out;
  }

  /** The value of {@code m(args)}, evaluated with every macro and type of the unit. */
  private OptionalLong call(Map<String, Macro> env, Macro m, List<String> args) {
    String text = m.name() + "(" + String.join(", ", args) + ")";
    PpToken site = new PpToken(CLexer.Identifier, m.name(), m.file(), m.line(), 1, false, Set.of());
    return evaluate(env, HeaderLexer.tokens(m.file(), m.line(), 1, text), site);
  }

  private OptionalLong evaluate(Map<String, Macro> env, List<PpToken> tokens, PpToken site) {
    try {
      List<PpToken> expanded = new MacroExpander(env).expand(tokens);
      PpToken where = site != null ? site : tokens.get(0);
      return OptionalLong.of(
          new ExpressionEvaluator(types, types::enumerator).evaluate(expanded, where).bits());
    } catch (HeaderSyntaxException | UnknownValueException e) {
      return OptionalLong.empty(); // not an integer expression for these arguments
    }
  }
}
