package dev.jtrace.perfdata.tracing;

import static com.google.common.truth.Truth.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * A syscall tracepoint's fields, checked once per format: a damaged one (the fuzzer's digit and
 * name damage) is refused with what is wrong instead of decoding every call as syscall 0 or reading
 * a number from the wrong bytes.
 */
class SyscallFormatTest {
  private static final String COMMON =
      "format:\n"
          + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
          + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

  private static TracepointFormat rawEnter(String idLine, String argsLine) {
    return FormatParser.parse(
        "raw_syscalls",
        "name: sys_enter\nID: 443\n"
            + COMMON
            + idLine
            + "\n"
            + argsLine
            + "\n\nprint fmt: \"NR %ld\", REC->id\n");
  }

  private static final String ID = "\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;";
  private static final String ARGS =
      "\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;";

  @Test
  void anIntactRawEntryDecodesItsNumberAndSixArguments() {
    TracepointFormat f = rawEnter(ID, ARGS);
    assertThat(f.syscall().problem()).isNull();
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(8, 257).putLong(16, -100).putLong(56, 6);
    SyscallPayload p = SyscallPayload.decode(new RawPayload(f, b.array(), ByteOrder.LITTLE_ENDIAN));
    assertThat(p.nr()).isEqualTo(257);
    assertThat(p.argCount()).isEqualTo(6);
    assertThat(p.args()[0]).isEqualTo(-100);
    assertThat(p.args()[5]).isEqualTo(6);
  }

  @Test
  void aRenamedNumberFieldIsAProblemNotSyscallZero() {
    TracepointFormat f = rawEnter(ID.replace(" id;", " ix;"), ARGS);
    assertThat(f.syscall().problem()).isEqualTo("no 'id' field (the syscall number)");
    byte[] payload = new byte[64];
    assertThat(SyscallPayload.decode(new RawPayload(f, payload, ByteOrder.LITTLE_ENDIAN))).isNull();
  }

  @Test
  void aDamagedOffsetThatOverlapsAnotherFieldIsAProblem() {
    // offset:8 damaged into offset:1: the number was read from the common fields' bytes
    TracepointFormat f = rawEnter(ID.replace("offset:8", "offset:1"), ARGS);
    assertThat(f.syscall().problem()).contains("overlap");
  }

  @Test
  void aNumberOfAnImpossibleSizeIsAProblem() {
    TracepointFormat f = rawEnter(ID.replace("size:8", "size:3"), ARGS);
    assertThat(f.syscall().problem()).contains("is 3 bytes");
  }

  @Test
  void rawArgumentsThatAreNoArrayAreAProblem() {
    TracepointFormat f = rawEnter(ID, ARGS.replace("args[6]", "args"));
    assertThat(f.syscall().problem()).contains("'args'");
  }

  @Test
  void aReturnWithoutItsRetFieldIsAProblem() {
    TracepointFormat f =
        FormatParser.parse(
            "syscalls",
            "name: sys_exit_openat\nID: 700\n"
                + COMMON
                + "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
                + "\tfield:long rex;\toffset:16;\tsize:8;\tsigned:1;\n");
    assertThat(f.syscall().problem()).isEqualTo("no 'ret' field (the return value)");
  }

  @Test
  void aPayloadShorterThanTheFormatIsNotDecoded() {
    TracepointFormat f = rawEnter(ID, ARGS);
    RawPayload p = new RawPayload(f, new byte[20], ByteOrder.LITTLE_ENDIAN);
    assertThat(SyscallPayload.decode(p)).isNull();
    assertThat(SyscallPayload.truncated(p)).isTrue();
  }

  @Test
  void otherEventsHaveNoSyscallLayout() {
    TracepointFormat f =
        FormatParser.parse(
            "sched",
            "name: sched_switch\nID: 300\n"
                + COMMON
                + "\tfield:int prev_pid;\toffset:8;\tsize:4;\tsigned:1;\n");
    assertThat(f.syscall()).isNull();
  }
}
