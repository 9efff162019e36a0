package dev.jtrace.abi.format;

import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Parses a tracefs {@code format} file into an {@link EventFormat}. */
public final class TraceFormatReader {
  private static final Pattern ATTRIBUTE =
      Pattern.compile("__attribute__\\s*\\(\\((?:[^()]|\\([^()]*\\))*\\)\\)");
  private static final Pattern ARRAY = Pattern.compile("\\[([^\\]]*)\\]\\s*$");
  private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*$");

  private TraceFormatReader() {}

  /**
   * @param system the event's system, e.g. {@code syscalls}; the name comes from the file
   */
  public static EventFormat parse(String file, String system, String text) {
    TraceFormatLexer lexer = new TraceFormatLexer(CharStreams.fromString(text, file));
    TraceFormatParser parser = new TraceFormatParser(new CommonTokenStream(lexer));
    BaseErrorListener thrower =
        new BaseErrorListener() {
          @Override
          public void syntaxError(
              Recognizer<?, ?> r,
              Object offending,
              int line,
              int col,
              String msg,
              RecognitionException e) {
            String found =
                offending instanceof Token t
                    ? (t.getType() == Token.EOF
                        ? "end of file"
                        : "'" + t.getText().replace("\n", "\\n") + "'")
                    : "a stray character";
            throw new FormatSyntaxException(
                file,
                line,
                col + 1,
                "expected " + expected(parser, offending) + ", found " + found);
          }
        };
    lexer.removeErrorListeners();
    lexer.addErrorListener(thrower);
    parser.removeErrorListeners();
    parser.addErrorListener(thrower);
    TraceFormatParser.FormatFileContext tree = parser.formatFile();
    String name = tree.nameLine().REST().getText().strip();
    int id = Integer.parseInt(tree.idLine().INT().getText());
    List<FormatField> fields = new ArrayList<>();
    for (TraceFormatParser.FieldLineContext f : tree.fieldLine()) {
      fields.add(field(file, f));
    }
    String print =
        tree.printLine().REST() == null ? "" : tree.printLine().REST().getText().stripTrailing();
    return new EventFormat(system, name, id, fields, print);
  }

  private static String expected(TraceFormatParser parser, Object offending) {
    try {
      return parser
          .getExpectedTokens()
          .toString(parser.getVocabulary())
          .replace("NAME_KW", "'name:'")
          .replace("ID_KW", "'ID:'")
          .replace("FORMAT_KW", "'format:'")
          .replace("FIELD_KW", "'field:'")
          .replace("OFFSET_KW", "'offset:'")
          .replace("SIZE_KW", "'size:'")
          .replace("SIGNED_KW", "'signed:'")
          .replace("PRINT_KW", "'print fmt:'")
          .replace("INT", "a number")
          .replace("SEMI", "';'")
          .replace("NL", "end of line")
          .replace("DECL", "a declaration")
          .replace("REST", "text");
    } catch (RuntimeException e) {
      return "a format line";
    }
  }

  private static FormatField field(String file, TraceFormatParser.FieldLineContext f) {
    Token declToken = f.DECL().getSymbol();
    String decl =
        ATTRIBUTE.matcher(declToken.getText()).replaceAll(" ").replaceAll("\\s+", " ").strip();
    boolean dataLoc = false;
    if (decl.startsWith("__data_loc ")) {
      dataLoc = true;
      decl = decl.substring("__data_loc ".length()).strip();
    }
    int arrayLength = 0;
    // __data_loc declarations put the [] on the type: "__data_loc char[] name".
    Matcher typeArray =
        Pattern.compile("^(.*?)\\[([^\\]]*)\\]\\s+([A-Za-z_][A-Za-z0-9_]*)$").matcher(decl);
    String type;
    String name;
    if (typeArray.matches()) {
      type = typeArray.group(1).strip();
      arrayLength = length(file, declToken, typeArray.group(2));
      name = typeArray.group(3);
    } else {
      Matcher arr = ARRAY.matcher(decl);
      if (arr.find()) {
        arrayLength = length(file, declToken, arr.group(1));
        decl = decl.substring(0, arr.start()).strip();
      }
      Matcher n = NAME.matcher(decl);
      if (!n.find() || n.start() == 0) {
        throw new FormatSyntaxException(
            file,
            declToken.getLine(),
            declToken.getCharPositionInLine() + 1,
            "expected '<type> <name>' in the field declaration, found '"
                + declToken.getText()
                + "'");
      }
      name = n.group(1);
      type = decl.substring(0, n.start()).strip();
    }
    int offset = Integer.parseInt(f.INT(0).getText());
    int size = Integer.parseInt(f.INT(1).getText());
    boolean signed = f.INT().size() > 2 && !f.INT(2).getText().equals("0");
    return new FormatField(
        type, name, arrayLength, dataLoc, offset, size, signed, name.startsWith("common_"));
  }

  private static int length(String file, Token at, String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return -1;
    }
    try {
      return Integer.decode(t);
    } catch (NumberFormatException e) {
      // e.g. "char comm[TASK_COMM_LEN]" never reaches tracefs unexpanded, but be safe.
      throw new FormatSyntaxException(
          file,
          at.getLine(),
          at.getCharPositionInLine() + 1,
          "expected an array length, found '" + t + "'");
    }
  }
}
