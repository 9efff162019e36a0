package dev.jtrace.abi.cheader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Splits header text into lines of preprocessing tokens (line continuations joined, comments kept).
 */
public final class HeaderLexer {
  private HeaderLexer() {}

  /**
   * Lines of tokens; comments are kept (type BlockComment/LineComment) so errno descriptions
   * survive.
   */
  public static List<List<PpToken>> lines(String file, String text) {
    requireText(file, text);
    CLexer lexer = new CLexer(CharStreams.fromString(text, file));
    lexer.removeErrorListeners();
    List<List<PpToken>> lines = new ArrayList<>();
    List<PpToken> line = new ArrayList<>();
    int lastStop = -1;
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      boolean space = t.getStartIndex() != lastStop + 1;
      lastStop = t.getStopIndex();
      if (t.getType() == CLexer.UnterminatedComment) {
        throw new HeaderSyntaxException(
            file,
            t.getLine(),
            t.getCharPositionInLine() + 1,
            "expected '*/' to close this comment");
      }
      if (t.getType() == CLexer.Newline) {
        lines.add(line);
        line = new ArrayList<>();
        continue;
      }
      // A block comment that spans lines does not end a directive, as in C.
      line.add(
          new PpToken(
              t.getType(),
              t.getText(),
              file,
              t.getLine(),
              t.getCharPositionInLine() + 1,
              space,
              Set.of()));
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  /**
   * Fails at the first control character C text cannot hold (NUL, DEL, ...): the lexer skips what
   * it does not recognise, so a binary file given as a header would otherwise pass as a few stray
   * tokens.
   */
  private static void requireText(String file, String text) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        column = 1;
        continue;
      }
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != 0x0b) || c == 0x7f) {
        throw new HeaderSyntaxException(
            file,
            line,
            column,
            String.format(
                Locale.ROOT,
                "expected C text, not the control byte 0x%02x (a binary file?)",
                (int) c));
      }
      column++;
    }
  }

  /** Tokens of a short text on one line, e.g. a macro argument pasted by {@code ##}. */
  public static List<PpToken> tokens(String file, int line, int column, String text) {
    List<PpToken> out = new ArrayList<>();
    for (List<PpToken> l : lines(file, text)) {
      for (PpToken t : l) {
        out.add(
            new PpToken(
                t.type(),
                t.text(),
                file,
                line + t.line() - 1,
                column + t.column() - 1,
                t.spaceBefore(),
                Set.of()));
      }
    }
    return out;
  }
}
