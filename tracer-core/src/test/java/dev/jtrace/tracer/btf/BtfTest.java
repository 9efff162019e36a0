package dev.jtrace.tracer.btf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * BTF read from bytes built here (every kind, bit fields, anonymous members) and from the kernel.
 */
class BtfTest {
  /** A BTF blob under construction: types in order (ids from 1), names interned. */
  private static final class Blob {
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream names = new ByteArrayOutputStream();
    private int next = 1;

    Blob() {
      names.write(0);
    }

    int name(String s) {
      if (s.isEmpty()) {
        return 0;
      }
      int off = names.size();
      names.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      names.write(0);
      return off;
    }

    int type(String name, int kind, boolean kflag, int vlen, int sizeOrType, int... trailing) {
      put(name(name), (kind << 24) | (kflag ? 1 << 31 : 0) | vlen, sizeOrType);
      put(trailing);
      return next++;
    }

    /** A member list entry: name, type, offset (for type(...)'s trailing words). */
    int[] member(String name, int type, int offset) {
      return new int[] {name(name), type, offset};
    }

    private void put(int... words) {
      ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int w : words) {
        b.putInt(w);
      }
      types.writeBytes(b.array());
    }

    byte[] bytes() {
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
      h.putInt(0).putInt(types.size()).putInt(types.size()).putInt(names.size());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(h.array());
      out.writeBytes(types.toByteArray());
      out.writeBytes(names.toByteArray());
      return out.toByteArray();
    }
  }

  private static int[] concat(int[]... parts) {
    List<Integer> all = new ArrayList<>();
    for (int[] p : parts) {
      for (int v : p) {
        all.add(v);
      }
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A small kernel-like BTF with one type of every kind. */
  private static byte[] sample() {
    Blob b = new Blob();
    int u32 = b.type("u32", 1, false, 0, 4, 32);
    int ulong = b.type("unsigned long", 1, false, 0, 8, 64);
    int ptr = b.type("", 2, false, 0, ulong);
    b.type("", 3, false, 0, 0, u32, u32, 16); // u32[16]
    int volatileU32 = b.type("", 9, false, 0, u32);
    int constU32 = b.type("", 10, false, 0, volatileU32);
    int typedefU32 = b.type("status_t", 8, false, 0, constU32);
    b.type("", 11, false, 0, ptr); // restrict
    int threadInfo =
        b.type(
            "thread_info",
            4,
            false,
            3,
            24,
            concat(
                b.member("flags", ulong, 0),
                b.member("syscall_work", ulong, 64),
                b.member("status", typedefU32, 128)));
    int anon =
        b.type(
            "",
            5,
            false,
            2,
            8,
            concat(b.member("pid_raw", u32, 0), b.member("pid_both", ulong, 0)));
    // A struct with bit fields: kind flag set, offsets carry the field size in the top byte.
    int bits =
        b.type(
            "flags_word",
            4,
            true,
            2,
            4,
            concat(b.member("low", u32, (3 << 24) | 0), b.member("high", u32, (5 << 24) | 11)));
    b.type("task_struct", 7, false, 0, 0); // a forward declaration first: skipped
    b.type("ts_flags", 6, false, 2, 4, b.name("TS_A"), 1, b.name("TS_COMPAT_LIKE"), 2);
    b.type("wide", 19, false, 1, 8, b.name("WIDE_ONE"), 0x89abcdef, 0x1);
    int proto = b.type("", 13, false, 1, u32, b.name("x"), u32);
    int func = b.type("do_it", 12, false, 1, proto);
    b.type("x_tag", 17, false, 0, func, -1);
    int var = b.type("a_var", 14, false, 0, u32, 1);
    b.type(".data", 15, false, 1, 4, var, 0, 4);
    b.type("float", 16, false, 0, 4);
    int tagged = b.type("user", 18, false, 0, threadInfo);
    b.type(
        "task_struct",
        4,
        false,
        3,
        64,
        concat(
            b.member("thread_info", tagged, 0),
            b.member("", anon, 256),
            b.member("bits", bits, 320)));
    return b.bytes();
  }

  @Test
  void findsMembersThroughNestedAnonymousAndQualifiedTypes() throws Exception {
    Btf btf = Btf.parse(sample(), "sample");
    assertThat(btf.memberOffset("task_struct", "thread_info.status")).isEqualTo(16);
    assertThat(btf.memberOffset("task_struct", "thread_info.syscall_work")).isEqualTo(8);
    assertThat(btf.memberOffset("task_struct", "pid_both")).isEqualTo(32);
    assertThat(btf.memberBitOffset("task_struct", "bits.high")).isEqualTo(320 + 11);
    assertThat(btf.memberBitOffset("task_struct", "bits.low")).isEqualTo(320);
    assertThat(btf.typeCount()).isEqualTo(23);
  }

  @Test
  void readsEnumeratorsOfBothEnumKinds() throws Exception {
    Btf btf = Btf.parse(sample(), "sample");
    assertThat(btf.enumValue("TS_COMPAT_LIKE")).isEqualTo(OptionalLong.of(2));
    assertThat(btf.enumValue("WIDE_ONE")).isEqualTo(OptionalLong.of(0x189abcdefL));
    assertThat(btf.enumValue("TS_COMPAT")).isEmpty();
  }

  @Test
  void saysWhatIsMissing() throws Exception {
    Btf btf = Btf.parse(sample(), "sample");
    assertThat(assertThrows(BtfException.class, () -> btf.memberOffset("mm_struct", "pgd")))
        .hasMessageThat()
        .isEqualTo("sample: no struct or union 'mm_struct'");
    assertThat(
            assertThrows(
                BtfException.class, () -> btf.memberOffset("task_struct", "thread_info.cpu")))
        .hasMessageThat()
        .isEqualTo("sample: task_struct.thread_info has no member 'cpu'");
    assertThat(assertThrows(BtfException.class, () -> btf.memberOffset("task_struct", "bits.high")))
        .hasMessageThat()
        .contains("is a bit field");
    assertThat(
            assertThrows(
                BtfException.class, () -> btf.memberOffset("task_struct", "thread_info.status.x")))
        .hasMessageThat()
        .contains("task_struct.thread_info.status is no struct or union (INT)");
  }

  @Test
  void everyTruncationFailsWithOneLineAndAnOffset() {
    byte[] whole = sample();
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      BtfException e = assertThrows(BtfException.class, () -> Btf.parse(cut, "cut"));
      assertThat(e).hasMessageThat().matches("cut: at byte \\d+: [^\\n]+");
    }
  }

  @Test
  void aTypeSectionCutAnywhereParsesAtATypeBoundaryOrNamesTheCut() {
    byte[] whole = sample();
    int typeLength = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    int parsed = 0;
    for (int length = 0; length < typeLength; length++) {
      byte[] cut = whole.clone();
      ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putInt(12, length);
      try {
        Btf.parse(cut, "cut");
        parsed++;
      } catch (BtfException e) {
        assertThat(e).hasMessageThat().matches("cut: at byte \\d+: type \\d+[^\\n]+");
      }
    }
    assertThat(parsed).isEqualTo(22); // one per type boundary: 0 to 21 whole types
  }

  @Test
  void damagedHeadersAndTypesAreNamed() {
    byte[] bad = sample();
    bad[0] = 0x12;
    assertThat(assertThrows(BtfException.class, () -> Btf.parse(bad, "f")))
        .hasMessageThat()
        .isEqualTo("f: at byte 0: BTF magic 0xeb9f expected, found 0xeb12");
    byte[] kind = sample();
    kind[24 + 7] = 0x1f; // the first type's kind byte
    assertThat(assertThrows(BtfException.class, () -> Btf.parse(kind, "f")))
        .hasMessageThat()
        .isEqualTo("f: at byte 28: type 1: unknown kind 31");
    byte[] version = sample();
    version[2] = 2;
    assertThat(assertThrows(BtfException.class, () -> Btf.parse(version, "f")))
        .hasMessageThat()
        .isEqualTo("f: at byte 2: BTF version 1 expected, found 2");
  }

  @Test
  void readsTheRunningKernelsBtf() throws Exception {
    assumeTrue(Files.isReadable(Btf.VMLINUX), "no readable " + Btf.VMLINUX);
    Btf btf = Btf.read(Btf.VMLINUX);
    assertThat(btf.typeCount()).isGreaterThan(10_000);
    // With THREAD_INFO_IN_TASK (x86, arm64, riscv, s390, powerpc) thread_info is task_struct's
    // first member; x86's is {unsigned long flags; unsigned long syscall_work; u32 status; ...}.
    assertThat(btf.memberOffset("task_struct", "thread_info")).isEqualTo(0);
    if (System.getProperty("os.arch").equals("amd64")) {
      assertThat(btf.memberOffset("task_struct", "thread_info.status")).isEqualTo(16);
    }
    assertThat(btf.memberOffset("thread_info", "flags")).isEqualTo(0);
    // A real enum: the BPF map types, BPF_MAP_TYPE_RINGBUF = 27 in linux/bpf.h.
    assertThat(btf.enumValue("BPF_MAP_TYPE_RINGBUF")).isEqualTo(OptionalLong.of(27));
    // TS_COMPAT is a #define, not an enumerator: BTF cannot give it.
    assertThat(btf.enumValue("TS_COMPAT")).isEmpty();
  }

  @Test
  void truncatedKernelBtfFailsCleanly() throws Exception {
    assumeTrue(Files.isReadable(Btf.VMLINUX), "no readable " + Btf.VMLINUX);
    byte[] whole = Files.readAllBytes(Btf.VMLINUX);
    for (int length : new int[] {10, 24, 1000, whole.length / 2, whole.length - 1}) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThat(assertThrows(BtfException.class, () -> Btf.parse(cut, "vmlinux")))
          .hasMessageThat()
          .startsWith("vmlinux: at byte ");
    }
  }

  @Test
  void functionsAndTypedefsAreFoundByNameAndKind() throws Exception {
    Btf btf = Btf.parse(sample(), "sample");
    // do_it is a FUNC (type 16), status_t a TYPEDEF (type 7): each found only as its own kind
    assertThat(btf.functionIds(List.of("do_it", "status_t", "absent")))
        .containsExactly("do_it", 16);
    assertThat(btf.typedefIds(List.of("status_t", "do_it"))).containsExactly("status_t", 7);
    assertThat(btf.functionIds(List.of())).isEmpty();
  }

  @Test
  void theKernelsBtfHasASyscallFunction() throws Exception {
    assumeTrue(Files.isReadable(Btf.VMLINUX), "no kernel BTF at " + Btf.VMLINUX);
    assertThat(HostBtf.get()).isSameInstanceAs(HostBtf.get());
    assertThat(HostBtf.get().functionIds(List.of("__x64_sys_read", "__arm64_sys_read"))).hasSize(1);
  }
}
