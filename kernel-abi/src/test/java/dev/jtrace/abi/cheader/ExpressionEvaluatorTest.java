package dev.jtrace.abi.cheader;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionEvaluatorTest {
  private static final TypeLookup TYPES =
      new TypeLookup() {
        @Override
        public boolean isTypeName(String name) {
          return name.equals("__u32") || name.equals("__u8");
        }

        @Override
        public Optional<CType> resolve(List<String> specifiers, int pointers) {
          if (pointers > 0) {
            return Optional.of(DataModel.LP64.pointer());
          }
          if (specifiers.equals(List.of("__u32"))) {
            return Optional.of(CType.integer(4, true));
          }
          if (specifiers.equals(List.of("__u8"))) {
            return Optional.of(CType.integer(1, true));
          }
          if (specifiers.equals(List.of("struct", "pair"))) {
            return Optional.of(CType.opaque(16, 8, "struct pair"));
          }
          return Optional.ofNullable(new TypeTable(DataModel.LP64).baseType(specifiers));
        }
      };

  private static long eval(String text) {
    List<PpToken> tokens = HeaderLexer.tokens("t.h", 1, 1, text);
    return new ExpressionEvaluator(TYPES, name -> name.equals("KNOWN") ? CValue.ofInt(7) : null)
        .evaluate(tokens, tokens.get(0))
        .bits();
  }

  @Test
  void literals() {
    assertThat(eval("0x10")).isEqualTo(16);
    assertThat(eval("0755")).isEqualTo(493);
    assertThat(eval("'d'")).isEqualTo(100);
    assertThat(eval("'\\n'")).isEqualTo(10);
    assertThat(eval("'\\0'")).isEqualTo(0);
    assertThat(eval("1ULL << 63")).isEqualTo(Long.MIN_VALUE);
    assertThat(eval("0x80000000")).isEqualTo(0x80000000L);
  }

  @Test
  void typesFollowC() {
    assertThat(eval("~0U")).isEqualTo(0xffffffffL);
    assertThat(eval("~0")).isEqualTo(-1);
    assertThat(eval("~0UL")).isEqualTo(-1);
    assertThat(eval("-1 < 0U")).isEqualTo(0); // -1 converts to unsigned int
    assertThat(eval("-1 < 0L")).isEqualTo(1);
    assertThat(eval("(1 << 31)")).isEqualTo(Integer.MIN_VALUE);
    assertThat(eval("(unsigned long)-1 >> 60")).isEqualTo(15);
    assertThat(eval("(__u32)-1")).isEqualTo(0xffffffffL);
    assertThat(eval("(__u8)0x1ff")).isEqualTo(0xff);
    assertThat(eval("(int)0xffffffff")).isEqualTo(-1);
  }

  @Test
  void operatorsAndPrecedence() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7);
    assertThat(eval("(1 | 2) & ~1")).isEqualTo(2);
    assertThat(eval("KNOWN == 7 ? 10 : 20")).isEqualTo(10);
    assertThat(eval("0 ? 1 / 0 : 3")).isEqualTo(3);
    assertThat(eval("0 && 1 / 0")).isEqualTo(0);
    assertThat(eval("!5 || 2 > 1")).isEqualTo(1);
    assertThat(eval("-7 / 2")).isEqualTo(-3);
    assertThat(eval("-7 % 2")).isEqualTo(-1);
  }

  @Test
  void sizeofTypes() {
    assertThat(eval("sizeof(struct pair)")).isEqualTo(16);
    assertThat(eval("sizeof(unsigned long)")).isEqualTo(8);
    assertThat(eval("sizeof(__u32)")).isEqualTo(4);
    assertThat(eval("sizeof(char *)")).isEqualTo(8);
    assertThat(eval("sizeof(__u8[9])")).isEqualTo(9);
    assertThat(eval("__alignof__(struct pair)")).isEqualTo(8);
    assertThat(eval("_Alignof(__u32) + sizeof(__u32)")).isEqualTo(8);
  }

  @Test
  void unknownNamesHaveNoValue() {
    assertThrows(UnknownValueException.class, () -> eval("UNKNOWN + 1"));
    assertThrows(UnknownValueException.class, () -> eval("sizeof(struct nowhere)"));
    assertThrows(UnknownValueException.class, () -> eval("1 / 0"));
  }

  @Test
  void malformedExpressionNamesPosition() {
    HeaderSyntaxException e = assertThrows(HeaderSyntaxException.class, () -> eval("1 + * 2"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("t.h:1:5: expected an expression operand or operator, found '*'");
    e = assertThrows(HeaderSyntaxException.class, () -> eval("(1 + 2"));
    assertThat(e).hasMessageThat().startsWith("t.h:1:7: expected");
  }

  @Test
  void tokensCarryNoHideSetByDefault() {
    assertThat(HeaderLexer.tokens("t.h", 1, 1, "A").get(0).hideSet()).isEqualTo(Set.of());
  }
}
