package dev.jtrace.perfdata.tracing;

import static com.google.common.truth.Truth.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The print fmt evaluator on formats written for this test in the shapes tracefs uses: flags and
 * symbol tables, ternaries between strings, casts, widths, pointers through a kallsyms text. Before
 * it, a format with any helper or operator printed as {@code field=value} pairs (sched_switch's
 * {@code prev_state=0} without {@code ==>}).
 */
class PrintFormatTest {
  private static final Kallsyms SYMBOLS =
      Kallsyms.fromText(
          "ffffffff81000000 T _stext\n"
              + "ffffffff81000100 t do_thing\n"
              + "ffffffff81000100 W __do_thing\n"
              + "ffffffff81000200 T other [mod]\n");

  /** A format with the common header and these event fields (8-byte aligned from offset 8). */
  private static TracepointFormat format(String fields, String printFmt) {
    String text =
        "name: test\nID: 1\nformat:\n"
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
            + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
            + fields
            + "\nprint fmt: "
            + printFmt
            + "\n";
    TracepointFormat f = FormatParser.parse("test", text);
    assertThat(f.printFormat()).isNotNull();
    return f;
  }

  private static String render(TracepointFormat f, ByteBuffer data) {
    StringBuilder sb = new StringBuilder();
    new RawPayload(f, data.array(), ByteOrder.LITTLE_ENDIAN).appendRendered(sb, SYMBOLS);
    return sb.toString();
  }

  private static ByteBuffer payload(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static final String STATE_FIELDS =
      "\tfield:char comm[8];\toffset:8;\tsize:8;\tsigned:0;\n"
          + "\tfield:long state;\toffset:16;\tsize:8;\tsigned:1;\n";

  private static final String STATE_FMT =
      "\"comm=%s state=%s%s ==> end\", REC->comm, (REC->state & ((0x04 << 1) - 1)) ?"
          + " __print_flags(REC->state & ((0x04 << 1) - 1), \"|\", { 0x01, \"S\" }, { 0x02, \"D\"},"
          + " { 0x04, \"T\" }) : \"R\", REC->state & (0x04 << 1) ? \"+\" : \"\"";

  @Test
  void flagsTernariesAndStringsRenderAsTheKernelMeantThem() {
    TracepointFormat f = format(STATE_FIELDS, STATE_FMT);
    ByteBuffer b = payload(24);
    b.put(8, "sh\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(render(f, b.putLong(16, 0))).isEqualTo("comm=sh state=R ==> end");
    assertThat(render(f, b.putLong(16, 1))).isEqualTo("comm=sh state=S ==> end");
    assertThat(render(f, b.putLong(16, 3))).isEqualTo("comm=sh state=S|D ==> end");
    assertThat(render(f, b.putLong(16, 0x08 | 2))).isEqualTo("comm=sh state=D+ ==> end");
  }

  @Test
  void flagsLeftOverAndUnknownSymbolsPrintInHex() {
    TracepointFormat f =
        format(
            "\tfield:unsigned int v;\toffset:8;\tsize:4;\tsigned:0;\n",
            "\"f=%s s=%s\", __print_flags(REC->v, \"|\", {1, \"A\"}, {2, \"B\"}, { 0, ((void *)0)"
                + " }), __print_symbolic(REC->v, { MODE_NOT_RESOLVED, \"X\" }, { 5, \"FIVE\" })");
    assertThat(render(f, payload(16).putInt(8, 5))).isEqualTo("f=A|0x4 s=FIVE");
    assertThat(render(f, payload(16).putInt(8, 0))).isEqualTo("f= s=0x0");
  }

  @Test
  void lengthModifiersWidthsAndSignedness() {
    TracepointFormat f =
        format(
            "\tfield:unsigned long a;\toffset:8;\tsize:8;\tsigned:0;\n"
                + "\tfield:int n;\toffset:16;\tsize:4;\tsigned:1;\n"
                + "\tfield:s64 t;\toffset:24;\tsize:8;\tsigned:1;\n",
            "\"[%d] [%u] [%lx] [%x] [%03d] [%-5d] [%5s] [%llu] [%#x] [%hhu] %u,%u\", REC->n,"
                + " REC->n, REC->a, REC->a, REC->n, REC->n, \"ab\", (unsigned long long) REC->t,"
                + " REC->n, REC->n, ((unsigned int) ((REC->a) >> 20)), ((unsigned int) ((REC->a) &"
                + " ((1U << 20) - 1)))");
    ByteBuffer b = payload(32).putLong(8, 0xfe00003L).putInt(16, -2).putLong(24, -1);
    assertThat(render(f, b))
        .isEqualTo(
            "[-2] [4294967294] [fe00003] [fe00003] [-02] [-2   ] [   ab] [18446744073709551615]"
                + " [0xfffffffe] [254] 254,3");
  }

  @Test
  void pointersAreNamedFromKallsymsOrPrintedAsGlibcDoes() {
    TracepointFormat f =
        format(
            "\tfield:unsigned long site;\toffset:8;\tsize:8;\tsigned:0;\n"
                + "\tfield:void * fn;\toffset:16;\tsize:8;\tsigned:0;\n"
                + "\tfield:bool on;\toffset:24;\tsize:1;\tsigned:0;\n",
            "\"site=%pS fn=%ps ptr=%p on=%s\", (void *)REC->site, REC->fn, REC->fn,"
                + " REC->on ? \"true\" : \"false\"");
    ByteBuffer b = payload(32).putLong(8, 0xffffffff81000127L).putLong(16, 0xffffffff81000200L);
    assertThat(render(f, b.put(24, (byte) 1)))
        .isEqualTo("site=do_thing+0x27 fn=other ptr=0xffffffff81000200 on=true");
    b.putLong(8, 0x1234).putLong(16, 0);
    assertThat(render(f, b.put(24, (byte) 0))).isEqualTo("site=0x1234 fn=0x0 ptr=(nil) on=false");
  }

  @Test
  void dynamicArraysStringsHexAndBitmasks() {
    TracepointFormat f =
        format(
            "\tfield:__data_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;\n"
                + "\tfield:__data_loc u8[] buf;\toffset:12;\tsize:4;\tsigned:0;\n"
                + "\tfield:__data_loc unsigned long[] mask;\toffset:16;\tsize:4;\tsigned:0;\n",
            "\"name=%s buf=%s hex=%s arr=%s mask=%s\", __get_str(name),"
                + " __print_hex(__get_dynamic_array(buf), __get_dynamic_array_len(buf)),"
                + " __print_hex_str(__get_dynamic_array(buf), 2),"
                + " __print_array(__get_dynamic_array(buf), 2, 1), __get_bitmask(mask)");
    ByteBuffer b = payload(48);
    b.putInt(8, 20 | (4 << 16)).put(20, "eth\0".getBytes(StandardCharsets.ISO_8859_1));
    b.putInt(12, 24 | (3 << 16)).put(24, (byte) 0xde).put(25, (byte) 0xad).put(26, (byte) 1);
    b.putInt(16, 32 | (8 << 16)).putLong(32, 0x1_0000_0003L);
    assertThat(render(f, b))
        .isEqualTo("name=eth buf=de ad 01 hex=dead arr={0xde,0xad} mask=00000001,00000003");
  }

  @Test
  void aFormatOutsideTheSubsetFallsBackToFieldPairs() {
    String text =
        "name: odd\nID: 2\nformat:\n"
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
            + "\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n\n"
            + "print fmt: \"x=%d\", some_kernel_function(REC->x)\n";
    TracepointFormat f = FormatParser.parse("test", text);
    assertThat(f.printFormat()).isNull();
    byte[] data = payload(12).putInt(8, -7).array();
    assertThat(new RawPayload(f, data, ByteOrder.LITTLE_ENDIAN).render()).isEqualTo("x=-7");
  }
}
