package dev.jtrace.generator.cheader;

import java.util.List;

/**
 * A macro definition.
 *
 * @param params parameter names of a function-like macro, {@code null} for an object-like one
 * @param variadic the last parameter is {@code ...} (named {@code __VA_ARGS__}) or {@code name...}
 * @param body the replacement list
 * @param file where it was defined, a tree path
 */
public record Macro(
    String name, List<String> params, boolean variadic, List<PpToken> body, String file, int line) {
  public Macro {
    params = params == null ? null : List.copyOf(params);
    body = List.copyOf(body);
  }

  public boolean functionLike() {
    return params != null;
  }

  /** The replacement text with white space folded to single blanks (comments are not tokens here). */
  public String replacementText() {
    StringBuilder sb = new StringBuilder();
    for (PpToken t : body) {
      if (sb.length() > 0 && t.spaceBefore()) {
        sb.append(' ');
      }
      sb.append(t.text());
    }
    return sb.toString();
  }
}
