package dev.jtrace.abi.cheader;

import java.util.HashSet;
import java.util.Set;

/**
 * A preprocessing token with where it was written.
 *
 * @param type a {@link CLexer} token type
 * @param column 1-based, as compilers print it
 * @param spaceBefore white space (or a comment) separates it from the token before
 * @param hideSet macros whose expansion produced it; they are not expanded again inside it
 */
public record PpToken(
    int type,
    String text,
    String file,
    int line,
    int column,
    boolean spaceBefore,
    Set<String> hideSet) {

  public PpToken {
    hideSet = Set.copyOf(hideSet);
  }

  public boolean is(int tokenType) {
    return type == tokenType;
  }

  public boolean isIdentifier(String name) {
    return type == CLexer.Identifier && text.equals(name);
  }

  public PpToken withHideSet(Set<String> extra, String added) {
    Set<String> hs = new HashSet<>(hideSet);
    hs.addAll(extra);
    hs.add(added);
    return new PpToken(type, text, file, line, column, spaceBefore, hs);
  }

  public PpToken withSpaceBefore(boolean space) {
    return new PpToken(type, text, file, line, column, space, hideSet);
  }

  @Override
  public String toString() {
    return text;
  }
}
