package dev.jtrace.generator.signatures;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ReturnKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureEmitterTest {
  private static FormatField field(int offset, String type, String name, boolean signed) {
    return new FormatField(type, name, 0, false, offset, 8, signed, false);
  }

  private static EventFormat enter(String syscall, FormatField... args) {
    List<FormatField> fields = new java.util.ArrayList<>();
    fields.add(new FormatField("unsigned short", "common_type", 0, false, 0, 2, false, true));
    fields.add(new FormatField("int", "__syscall_nr", 0, false, 8, 4, true, false));
    fields.addAll(List.of(args));
    return new EventFormat("syscalls", "sys_enter_" + syscall, 1, fields, "\"\"");
  }

  private static AbiSnapshot snapshot(EventFormat... formats) {
    Map<String, EventFormat> byName = new java.util.HashMap<>();
    for (EventFormat f : formats) {
      byName.put(f.system() + "/" + f.name(), f);
    }
    byName.put(
        "syscalls/sys_exit_openat",
        new EventFormat("syscalls", "sys_exit_openat", 2, List.of(), "\"\""));
    return new AbiSnapshot("6.12.0", Map.of(), Map.of(), byName, List.of());
  }

  @Test
  void derivesKindsFromExplicitRulesThenTypesAndNames() {
    AbiSnapshot s =
        snapshot(
            enter(
                "openat",
                field(16, "int", "dfd", true),
                field(24, "const char *", "filename", false),
                field(32, "int", "flags", true),
                field(40, "umode_t", "mode", false)),
            enter("kill", field(16, "pid_t", "pid", true), field(24, "int", "sig", true)),
            enter(
                "read",
                field(16, "unsigned int", "fd", false),
                field(24, "char *", "buf", false),
                field(32, "size_t", "count", false)));

    List<SignatureModel.Signature> sigs = SignatureModel.derive(s);

    assertThat(sigs.stream().map(SignatureModel.Signature::name).toList())
        .containsExactly("kill", "openat", "read")
        .inOrder();
    assertThat(sigs.get(1))
        .isEqualTo(
            new SignatureModel.Signature(
                "openat",
                ReturnKind.FD,
                List.of(
                    new SignatureModel.Arg("dfd", "int", ArgKind.DFD),
                    new SignatureModel.Arg("filename", "const char *", ArgKind.FILENAME),
                    new SignatureModel.Arg("flags", "int", ArgKind.OPEN_FLAGS),
                    new SignatureModel.Arg("mode", "umode_t", ArgKind.OPEN_MODE))));
    assertThat(sigs.get(0).args().stream().map(SignatureModel.Arg::kind).toList())
        .containsExactly(ArgKind.PID, ArgKind.SIGNAL)
        .inOrder();
    assertThat(sigs.get(2).args().stream().map(SignatureModel.Arg::kind).toList())
        .containsExactly(ArgKind.FD, ArgKind.PTR, ArgKind.ULONG)
        .inOrder();
  }

  @Test
  void emitsOneDeterministicTableWithProvenanceAndNoTimestamp() {
    AbiSnapshot s =
        snapshot(enter("kill", field(16, "pid_t", "pid", true), field(24, "int", "sig", true)));
    String first =
        SignatureEmitter.emit(
                SignatureModel.derive(s), Map.of(), "From Linux 6.12.0, snapshot sha256 abc")
            .toString();
    String second =
        SignatureEmitter.emit(
                SignatureModel.derive(s), Map.of(), "From Linux 6.12.0, snapshot sha256 abc")
            .toString();

    assertThat(first).isEqualTo(second);
    assertThat(first).startsWith("// From Linux 6.12.0, snapshot sha256 abc\n");
    assertThat(first).contains("package dev.jtrace.beauty.gen;");
    assertThat(first)
        .contains(
            "m.put(\"kill\", new SyscallSignature(\"kill\", ReturnKind.ERRNO, List.of(new"
                + " ArgSpec(\"pid\", \"pid_t\", ArgKind.PID), new ArgSpec(\"sig\", \"int\","
                + " ArgKind.SIGNAL))));");
    assertThat(first).doesNotContainMatch("20[0-9]{2}-[0-9]{2}-[0-9]{2}");
  }

  @Test
  void exitFormatsAreNotSignatures() {
    assertThat(SignatureModel.derive(snapshot())).isEmpty();
  }
}
