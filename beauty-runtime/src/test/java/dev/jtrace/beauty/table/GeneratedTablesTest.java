package dev.jtrace.beauty.table;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The tables generated from the pinned snapshot, checked against values read off the kernel
 * headers.
 */
class GeneratedTablesTest {
  @Test
  void prctlOptions() {
    Table t = Tables.get("prctl_options");
    assertThat(t.kind()).isEqualTo(TableKind.VALUE);
    assertThat(t.name(35)).isEqualTo("SET_MM");
    assertThat(t.value("PR_SET_MM")).isEqualTo(OptionalLong.of(35));
    assertThat(t.name(1)).isEqualTo("SET_PDEATHSIG");
    assertThat(Tables.get("prctl_set_mm_options").name(13)).isEqualTo("EXE_FILE");
  }

  @Test
  void mmapFlagsDifferPerArch() {
    assertThat(Tables.get("mmap_flags_x86", FlagTable.class).value("MAP_ANONYMOUS"))
        .isEqualTo(OptionalLong.of(0x20));
    assertThat(Tables.get("mmap_flags_mips", FlagTable.class).value("ANONYMOUS"))
        .isEqualTo(OptionalLong.of(0x800));
    assertThat(Tables.get("mmap_flags", Arch.X86_64).name(0x20)).isEqualTo("ANONYMOUS");
    assertThat(Tables.get("mmap_flags", Arch.MIPS64).name(0x800)).isEqualTo("ANONYMOUS");
    // riscv has no mman.h of its own: the generic table.
    assertThat(Tables.get("mmap_flags", Arch.RISCV64).name()).isEqualTo("mmap_flags");
  }

  @Test
  void flagRenderingWithRemainder() {
    FlagTable mmap = Tables.get("mmap_flags_x86", FlagTable.class);
    assertThat(mmap.render(0x22)).isEqualTo("PRIVATE|ANONYMOUS");
    assertThat(mmap.render(0x22 | (1L << 40))).isEqualTo("PRIVATE|ANONYMOUS|0x10000000000");
    FlagTable open = Tables.get("open_flags", FlagTable.class);
    assertThat(open.render(0)).isEqualTo("RDONLY");
    assertThat(open.render(0x80000 | 0x2 | 0x40)).isEqualTo("RDWR|CREAT|CLOEXEC");
  }

  @Test
  void errnoNamesAndDescriptionsPerFamily() {
    ErrnoTable generic = Tables.errnos(Arch.ErrnoFamily.GENERIC);
    assertThat(generic.name(11)).isEqualTo("EAGAIN");
    assertThat(generic.value("EWOULDBLOCK")).isEqualTo(OptionalLong.of(11));
    assertThat(generic.description(2)).isEqualTo("No such file or directory");
    ErrnoTable alpha = Tables.errnos(Arch.ErrnoFamily.ALPHA);
    assertThat(alpha.name(35)).isEqualTo("EAGAIN");
    assertThat(alpha.value("EWOULDBLOCK")).isEqualTo(OptionalLong.of(35));
    assertThat(alpha.name(11)).isEqualTo("EDEADLK");
    assertThat(Tables.errnos(Arch.ErrnoFamily.MIPS).name(11)).isEqualTo("EAGAIN");
    assertThat(Tables.errnos(Arch.ErrnoFamily.PARISC).name(11)).isEqualTo("EAGAIN");
    assertThat(Tables.errnos(Arch.ErrnoFamily.SPARC).value("EWOULDBLOCK"))
        .isEqualTo(OptionalLong.of(11));
    assertThat(Tables.errnos(Arch.ErrnoFamily.POWERPC).name(58)).isEqualTo("EDEADLOCK");
  }

  @Test
  void syscallNumbers() {
    assertThat(Tables.syscalls(Arch.ARM64).name(222)).isEqualTo("mmap");
    assertThat(Tables.syscalls(Arch.X86_64).name(257)).isEqualTo("openat");
    assertThat(Tables.syscalls(Arch.X86_64).number("openat")).isEqualTo(257);
    assertThat(Tables.syscalls(Arch.I386).name(5)).isEqualTo("open");
    for (Arch a : Arch.values()) {
      assertThat(Tables.syscalls(a)).isNotNull();
    }
  }

  @Test
  void ioctlAndOffsetTables() {
    IoctlTable kvm = (IoctlTable) Tables.get("kvm_ioctl_cmds");
    assertThat(kvm.name(0x01)).isEqualTo("CREATE_VM"); // _IO(KVMIO, 0x01)
    assertThat(kvm.ioctlType()).isEqualTo(0xAE);
    OffsetTable msrs = (OffsetTable) Tables.get("x86_msrs");
    assertThat(msrs.name(0xc0000080L)).isEqualTo("EFER");
    assertThat(msrs.ranges()).hasSize(3);
    OffsetTable arch = (OffsetTable) Tables.get("x86_arch_prctl_codes");
    assertThat(arch.name(0x1002)).isEqualTo("SET_FS");
    assertThat(arch.ranges()).hasSize(3);
  }

  @Test
  void registryListsEveryCatalogTableSortedByName() {
    // Exactly what TableCatalog plans over the committed snapshot (si_code tables, idtypes,
    // scm_types, termios' 13, dirent_types, sigaltstack_flags, fs_magics included): a table lost
    // or gained shows here.
    assertThat(Tables.names()).hasSize(191);
    assertThat(Tables.names()).isInOrder();
    assertThat(Tables.get("no_such_table")).isNull();
    for (Table t : Tables.all()) {
      assertThat(t.size()).isGreaterThan(0);
    }
  }
}
