package dev.jtrace.symbols;

/**
 * Turns a mangled symbol (C++ Itanium, Rust legacy or v0) into its source name, as perf shows it.
 */
public final class Demangler {
  private Demangler() {}

  /** The demangled name, or the name unchanged when it is not mangled or not read. */
  public static String demangle(String name) {
    if (name.length() < 3 || name.charAt(0) != '_') {
      return name;
    }
    if (name.charAt(1) == 'R') {
      String r = RustDemangler.demangle(name);
      return r != null ? r : name;
    }
    if (name.charAt(1) != 'Z') {
      return name;
    }
    if (name.startsWith("_ZN")) {
      String r = RustDemangler.demangle(name);
      if (r != null) {
        return r;
      }
    }
    String c = ItaniumDemangler.demangle(name);
    return c != null ? c : name;
  }
}
