package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablesCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return TablesCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void noArgumentsListsEveryTable() {
    assertThat(run()).isEqualTo(0);
    // an empty snapshot generates no tables: that is a failure here, not a reason to skip
    assertThat(Tables.names()).isNotEmpty();
    assertThat(lines()).hasSize(Tables.names().size());
    assertThat(lines()).contains("prctl_options\tvalue\t69\tall\tinclude/uapi/linux/prctl.h");
  }

  @Test
  void oneTablePrintsValueTabNameInValueOrder() {
    assertThat(run("mmap_flags_x86")).isEqualTo(0);
    assertThat(lines()).containsAtLeast("0x1\tSHARED", "0x2\tPRIVATE", "0x20\tANONYMOUS").inOrder();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void archSyscallsAndErrno() {
    assertThat(run("--arch", "x86_64", "syscalls")).isEqualTo(0);
    assertThat(lines()).contains("257\topenat");
    out.reset();
    assertThat(run("--arch", "aarch64", "syscalls")).isEqualTo(0);
    assertThat(lines()).contains("222\tmmap");
    out.reset();
    assertThat(run("--arch", "mips64", "errno")).isEqualTo(0);
    assertThat(lines()).contains("11\tEAGAIN\tTry again");
  }

  @Test
  void allPrintsTableValueName() {
    assertThat(run("--all")).isEqualTo(0);
    assertThat(lines()).contains("syscalls_arm64\t222\tmmap");
    assertThat(lines()).contains("mmap_flags_mips\t0x800\tANONYMOUS");
  }

  @Test
  void unknownTableArchOrOptionIsOneLineAndExitTwo() {
    assertThat(run("no_such_table")).isEqualTo(2);
    assertThat(run("--arch", "vax", "syscalls")).isEqualTo(2);
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(run("--arch")).isEqualTo(2);
    List<String> errors = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(errors)
        .containsExactly(
            "jtrace tables: unknown table 'no_such_table' (jtrace tables lists them)",
            "jtrace tables: --arch: unknown arch: vax",
            "jtrace tables: unknown option --frobnicate (see jtrace tables --help)",
            "jtrace tables: option --arch needs a value (ARCH)")
        .inOrder();
    assertThat(out.size()).isEqualTo(0);
  }
}
