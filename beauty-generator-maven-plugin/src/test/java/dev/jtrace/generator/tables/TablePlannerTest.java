package dev.jtrace.generator.tables;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.Fixtures;
import dev.jtrace.abi.snapshot.SnapshotReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TablePlannerTest {
  private static Map<String, TableModel> tables;
  private static List<String> warnings;

  @BeforeAll
  static void plan() throws IOException {
    TablePlanner.Plan p = TablePlanner.plan(SnapshotReader.read(Fixtures.snapshotDir()));
    tables = p.tables().stream().collect(Collectors.toMap(TableModel::name, Function.identity()));
    warnings = p.warnings();
  }

  private static List<String> lines(String table) {
    return tables.get(table).entries().stream().map(e -> e.value() + "=" + e.name()).toList();
  }

  @Test
  void prctlOptionsLeaveOutSubOptionsHexAndSetMm() {
    assertThat(lines("prctl_options"))
        .containsExactly("1=SET_PDEATHSIG", "2=GET_PDEATHSIG", "35=SET_MM")
        .inOrder();
    assertThat(lines("prctl_set_mm_options"))
        .containsExactly("1=START_CODE", "2=END_CODE")
        .inOrder();
  }

  @Test
  void mmapFlagsFollowTheArchHeaderAndItsIncludes() {
    assertThat(lines("mmap_flags_x86"))
        .containsExactly(
            "1=SHARED", "2=PRIVATE", "16=FIXED", "32=ANONYMOUS", "64=32BIT", "256=GROWSDOWN")
        .inOrder();
    // mips does not include the generic headers; its MAP_TYPE mask is no flag.
    assertThat(lines("mmap_flags_mips"))
        .containsExactly("1=SHARED", "2=PRIVATE", "2048=ANONYMOUS")
        .inOrder();
    assertThat(lines("mmap_prot_x86")).containsExactly("1=READ", "2=WRITE").inOrder();
  }

  @Test
  void errnosPrintTheBaseNameAndKeepAliasesParseable() {
    TableModel generic = tables.get("errno_generic");
    assertThat(lines("errno_generic"))
        .containsExactly("1=EPERM", "11=EAGAIN", "35=EDEADLK")
        .inOrder();
    assertThat(generic.aliases())
        .containsExactly(new TableEntry(11, "EWOULDBLOCK", "Operation would block"));
    assertThat(generic.entries().get(1).description()).isEqualTo("Try again");
  }

  @Test
  void anArchHeaderRedefiningAnErrnoWins() {
    assertThat(lines("errno_alpha"))
        .containsExactly("1=EPERM", "11=EDEADLK", "35=EAGAIN")
        .inOrder();
    // x86 numbers its errnos as asm-generic does: no table of its own (none would differ from
    // errno_generic).
    assertThat(tables).doesNotContainKey("errno_x86");
  }

  @Test
  void syscallTablesComeFromTheSyscallFacts() {
    assertThat(lines("syscalls_arm64"))
        .containsExactly("63=read", "80=fstat", "167=prctl", "222=mmap")
        .inOrder();
    assertThat(tables.get("syscalls_x86_64").sources())
        .containsExactly("arch/x86/entry/syscalls/syscall_64.tbl");
  }

  @Test
  void ioctlTablesCountFunctionLikeIoctlMacros() {
    assertThat(lines("usbdevfs_ioctl_cmds"))
        .containsExactly("11=DISCARDURB", "32=CONNINFO_EX")
        .inOrder();
  }

  @Test
  void tablesWhoseHeadersAreMissingAreReported() {
    assertThat(tables).doesNotContainKey("kvm_ioctl_cmds");
    assertThat(warnings)
        .contains("table kvm_ioctl_cmds: the snapshot has no facts for include/uapi/linux/kvm.h");
  }
}
