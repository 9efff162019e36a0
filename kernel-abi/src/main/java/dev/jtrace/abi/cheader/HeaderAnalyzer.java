package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.model.StructLayoutFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one header into its facts: preprocess it as its own translation unit, then read what it
 * declared.
 */
public final class HeaderAnalyzer {
  private static final Pattern ERRNO_NAME = Pattern.compile("E[A-Z0-9]+");
  private final HeaderSource source;
  private final Map<String, Long> otherHeadersStructs;

  public HeaderAnalyzer(HeaderSource source) {
    this(source, Map.of());
  }

  /**
   * @param otherHeadersStructs sizes by {@code struct tag}/{@code union tag} of types other headers
   *     declare: {@code sizeof} of a type the header's own unit lacks takes them, as a program
   *     including both would (asm-generic/ioctls.h uses struct termios2 of asm/termbits.h)
   */
  public HeaderAnalyzer(HeaderSource source, Map<String, Long> otherHeadersStructs) {
    this.source = source;
    this.otherHeadersStructs = Map.copyOf(otherHeadersStructs);
  }

  public HeaderFacts analyze(String treePath) {
    return analyze(treePath, TargetArch.forTreePath(treePath));
  }

  public HeaderFacts analyze(String treePath, TargetArch arch) {
    PreprocessedUnit unit = new Preprocessor(source, arch).process(treePath);
    TypeTable types = DeclarationParser.parse(unit.code());
    types.otherHeadersStructs(otherHeadersStructs);
    List<Define> defines = new ArrayList<>();
    List<IoctlMacro> ioctlMacros = new ArrayList<>();
    SizedIoctlMacros sizedIoctls = new SizedIoctlMacros(unit.macros(), types);
    Map<String, OptionalLong> values = new HashMap<>();
    for (Macro m : unit.defines().getOrDefault(treePath, Map.of()).values()) {
      if (m.functionLike()) {
        sizedIoctls.read(m).ifPresent(ioctlMacros::add);
        continue;
      }
      OptionalLong v = valueOf(m, unit.macros(), types);
      values.put(m.name(), v);
      // headers_install renames the tree's _UAPI… include guards; the facts use the installed name.
      String name = m.name().startsWith("_UAPI") ? m.name().substring(5) : m.name();
      defines.add(new Define(name, v, m.replacementText()));
    }
    List<ErrnoFact> errnos = new ArrayList<>();
    if (treePath.matches(".*/errno(-base)?\\.h")) {
      for (Map.Entry<String, String> c :
          unit.comments().getOrDefault(treePath, Map.of()).entrySet()) {
        OptionalLong v = values.getOrDefault(c.getKey(), OptionalLong.empty());
        if (ERRNO_NAME.matcher(c.getKey()).matches() && v.isPresent()) {
          errnos.add(new ErrnoFact(c.getKey(), v.getAsLong(), c.getValue()));
        }
      }
    }
    Set<String> includes = new LinkedHashSet<>(unit.includes().getOrDefault(treePath, List.of()));
    return new HeaderFacts(
        treePath,
        List.copyOf(includes),
        defines,
        ioctlMacros,
        types.enumsIn(treePath),
        types.structsIn(treePath),
        errnos);
  }

  /** The name of the translation unit {@link #layouts} reads: it exists in no tree. */
  public static final String LAYOUTS_UNIT = "<layouts>";

  /**
   * Every tagged struct and union a program compiled for {@code arch} sees when it includes these
   * headers in this order, laid out in the arch's data model. An include is written as a program
   * writes it ({@code asm/stat.h}, resolved for the arch) or as a tree path ({@code
   * include/linux/socket.h}, for a kernel-internal header).
   */
  public Map<String, StructLayoutFact> layouts(List<String> includes, TargetArch arch) {
    StringBuilder text = new StringBuilder();
    for (String include : includes) {
      boolean treePath = include.startsWith("include/") || include.startsWith("arch/");
      text.append("#include ")
          .append(treePath ? '"' : '<')
          .append(include)
          .append(treePath ? '"' : '>')
          .append('\n');
    }
    HeaderSource unitSource =
        new HeaderSource() {
          @Override
          public Optional<String> resolve(
              String name, boolean angled, String includer, TargetArch target) {
            return source.resolve(name, angled, includer, target);
          }

          @Override
          public String read(String treePath) {
            return treePath.equals(LAYOUTS_UNIT) ? text.toString() : source.read(treePath);
          }
        };
    PreprocessedUnit unit = new Preprocessor(unitSource, arch).process(LAYOUTS_UNIT);
    return DeclarationParser.parse(unit.code(), arch.dataModel()).layouts();
  }

  /**
   * Every macro of the unit whose name matches, with its value: e.g. {@code __NR_*} of a unistd
   * header, wherever (in which included file) it was defined.
   */
  public Map<String, OptionalLong> macroValues(
      String treePath, TargetArch arch, Map<String, String> predefined, Pattern names) {
    Preprocessor pp = new Preprocessor(source, arch);
    predefined.forEach(pp::define);
    PreprocessedUnit unit = pp.process(treePath);
    TypeTable types = DeclarationParser.parse(unit.code());
    Map<String, OptionalLong> out = new java.util.TreeMap<>();
    for (Macro m : unit.macros().values()) {
      if (!m.functionLike() && names.matcher(m.name()).matches()) {
        out.put(m.name(), valueOf(m, unit.macros(), types));
      }
    }
    return out;
  }

  /**
   * The value of an object-like macro, evaluated with every macro and type the unit ended up with.
   */
  static OptionalLong valueOf(Macro m, Map<String, Macro> macros, TypeTable types) {
    if (m.body().isEmpty()) {
      return OptionalLong.empty();
    }
    Map<String, Macro> env = macros;
    if (macros.get(m.name()) != m) {
      env = new HashMap<>(macros);
      env.put(m.name(), m);
    }
    PpToken site = new PpToken(CLexer.Identifier, m.name(), m.file(), m.line(), 1, false, Set.of());
    try {
      List<PpToken> expanded = new MacroExpander(env).expand(List.of(site));
      CValue v = new ExpressionEvaluator(types, types::enumerator).evaluate(expanded, site);
      return OptionalLong.of(v.bits());
    } catch (HeaderSyntaxException | UnknownValueException e) {
      return OptionalLong.empty(); // a string, a type, a function-like use: no integer value
    }
  }
}
