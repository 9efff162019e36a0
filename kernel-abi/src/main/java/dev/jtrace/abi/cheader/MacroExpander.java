package dev.jtrace.abi.cheader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands macros in a token list the way C does: arguments are expanded before substitution (except
 * next to {@code #} and {@code ##}), and a macro is not expanded again inside its own expansion
 * (hide sets).
 */
public final class MacroExpander {
  private static final int MAX_STEPS = 2_000_000;
  private final Map<String, Macro> macros;

  public MacroExpander(Map<String, Macro> macros) {
    this.macros = macros;
  }

  public List<PpToken> expand(List<PpToken> input) {
    return expand(input, null);
  }

  /**
   * @param leftover when not null, a function-like macro call whose arguments do not end in the
   *     input is not an error: its tokens are moved here (the caller has more input to append, e.g.
   *     after an #ifdef)
   */
  public List<PpToken> expand(List<PpToken> input, List<PpToken> leftover) {
    Deque<PpToken> in = new ArrayDeque<>(input);
    List<PpToken> out = new ArrayList<>();
    int steps = 0;
    while (!in.isEmpty()) {
      if (++steps > MAX_STEPS) {
        throw HeaderSyntaxException.at(input.get(0), "expected a macro expansion that ends");
      }
      PpToken t = in.removeFirst();
      Macro m = t.is(CLexer.Identifier) ? macros.get(t.text()) : null;
      if (m == null || t.hideSet().contains(t.text())) {
        out.add(t);
        continue;
      }
      if (!m.functionLike()) {
        pushFront(in, substitute(m, t, List.of(), t.hideSet()));
        continue;
      }
      PpToken next = in.peekFirst();
      if (next == null || !next.is(CLexer.LeftParen)) {
        out.add(t);
        continue;
      }
      List<PpToken> consumed = new ArrayList<>(List.of(t, in.removeFirst()));
      List<List<PpToken>> args = new ArrayList<>();
      List<PpToken> arg = new ArrayList<>();
      int depth = 0;
      PpToken close = null;
      while (!in.isEmpty()) {
        PpToken a = in.removeFirst();
        consumed.add(a);
        if (a.is(CLexer.LeftParen)) {
          depth++;
        } else if (a.is(CLexer.RightParen)) {
          if (depth == 0) {
            close = a;
            break;
          }
          depth--;
        } else if (a.is(CLexer.Comma)
            && depth == 0
            && !(m.variadic() && args.size() == m.params().size() - 1)) {
          args.add(arg);
          arg = new ArrayList<>();
          continue;
        }
        arg.add(a);
      }
      if (close == null && leftover != null) {
        leftover.addAll(consumed);
        return out;
      }
      if (close == null) {
        throw HeaderSyntaxException.at(t, "expected ')' to end the arguments of macro " + m.name());
      }
      args.add(arg);
      if (m.params().isEmpty() && args.size() == 1 && args.get(0).isEmpty()) {
        args.clear();
      }
      if (m.variadic() && args.size() == m.params().size() - 1) {
        args.add(new ArrayList<>());
      }
      if (args.size() != m.params().size()) {
        throw HeaderSyntaxException.at(
            t,
            "expected "
                + m.params().size()
                + " arguments to macro "
                + m.name()
                + ", found "
                + args.size());
      }
      Set<String> hs = new HashSet<>(t.hideSet());
      hs.retainAll(close.hideSet());
      pushFront(in, substitute(m, t, args, hs));
    }
    return out;
  }

  private static void pushFront(Deque<PpToken> in, List<PpToken> tokens) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      in.addFirst(tokens.get(i));
    }
  }

  private List<PpToken> substitute(
      Macro m, PpToken site, List<List<PpToken>> args, Set<String> hideSet) {
    List<PpToken> body = m.body();
    List<PpToken> out = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      PpToken b = body.get(i);
      int param = paramIndex(m, b);
      if (b.is(CLexer.Hash)
          && m.functionLike()
          && i + 1 < body.size()
          && paramIndex(m, body.get(i + 1)) >= 0) {
        out.add(stringify(args.get(paramIndex(m, body.get(i + 1))), site, b.spaceBefore()));
        i++;
      } else if (b.is(CLexer.HashHash) && !out.isEmpty() && i + 1 < body.size()) {
        PpToken rightTok = body.get(i + 1);
        int rp = paramIndex(m, rightTok);
        List<PpToken> right = rp >= 0 ? args.get(rp) : List.of(rightTok);
        i++;
        if (right.isEmpty()) {
          // GNU: ", ## args" drops the comma when the variable arguments are empty.
          if (rp == m.params().size() - 1
              && m.variadic()
              && !out.isEmpty()
              && out.get(out.size() - 1).is(CLexer.Comma)) {
            out.remove(out.size() - 1);
          }
          continue;
        }
        PpToken left = out.remove(out.size() - 1);
        List<PpToken> pasted =
            HeaderLexer.tokens(
                site.file(), site.line(), site.column(), left.text() + right.get(0).text());
        for (int k = 0; k < pasted.size(); k++) {
          out.add(
              pasted
                  .get(k)
                  .withSpaceBefore(k == 0 ? left.spaceBefore() : pasted.get(k).spaceBefore()));
        }
        out.addAll(right.subList(1, right.size()));
      } else if (param >= 0) {
        boolean pastedNext = i + 1 < body.size() && body.get(i + 1).is(CLexer.HashHash);
        List<PpToken> a = pastedNext ? args.get(param) : expand(args.get(param));
        for (int k = 0; k < a.size(); k++) {
          out.add(k == 0 ? a.get(k).withSpaceBefore(b.spaceBefore()) : a.get(k));
        }
      } else {
        out.add(
            new PpToken(
                b.type(),
                b.text(),
                site.file(),
                site.line(),
                site.column(),
                b.spaceBefore(),
                Set.of()));
      }
    }
    List<PpToken> marked = new ArrayList<>(out.size());
    for (PpToken t : out) {
      marked.add(t.withHideSet(hideSet, m.name()));
    }
    if (!marked.isEmpty()) {
      marked.set(0, marked.get(0).withSpaceBefore(site.spaceBefore()));
    }
    return marked;
  }

  private static int paramIndex(Macro m, PpToken t) {
    if (!m.functionLike() || !t.is(CLexer.Identifier)) {
      return -1;
    }
    return m.params().indexOf(t.text());
  }

  private static PpToken stringify(List<PpToken> arg, PpToken site, boolean space) {
    StringBuilder sb = new StringBuilder("\"");
    for (PpToken t : arg) {
      if (sb.length() > 1 && t.spaceBefore()) {
        sb.append(' ');
      }
      sb.append(t.text().replace("\\", "\\\\").replace("\"", "\\\""));
    }
    sb.append('"');
    return new PpToken(
        CLexer.StringLiteral,
        sb.toString(),
        site.file(),
        site.line(),
        site.column(),
        space,
        Set.of());
  }
}
