package dev.jtrace.abi.cheader;

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

  /**
   * The replacement text with white space folded to single blanks (comments are not tokens here),
   * without the sparse annotations headers_install removes ({@code __user}, {@code __force}, {@code
   * __iomem}).
   */
  public String replacementText() {
    StringBuilder sb = new StringBuilder();
    Boolean spaceOfRemoved = null;
    for (PpToken t : body) {
      if (t.is(CLexer.Identifier)
          && (t.text().equals("__user")
              || t.text().equals("__force")
              || t.text().equals("__iomem"))) {
        spaceOfRemoved = spaceOfRemoved == null ? t.spaceBefore() : spaceOfRemoved;
        continue;
      }
      boolean space = spaceOfRemoved != null ? spaceOfRemoved : t.spaceBefore();
      spaceOfRemoved = null;
      if (sb.length() > 0 && space) {
        sb.append(' ');
      }
      sb.append(t.text());
    }
    return sb.toString();
  }
}
