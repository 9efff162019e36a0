package dev.jtrace.beauty.table;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The table types on hand-made tables, independent of the snapshot. */
class TableTypesTest {
  private static TableInfo info(String name, TableKind kind, String prefix) {
    return new TableInfo(name, kind, prefix, List.of("test.h"), TableInfo.ALL_ARCHES);
  }

  private static final FlagTable OPEN =
      new FlagTable(
          info("open_test", TableKind.FLAGS, "O_"),
          new long[] {0, 1, 2, 0x40, 0x80000},
          new String[] {"RDONLY", "WRONLY", "RDWR", "CREAT", "CLOEXEC"},
          new long[] {0x800},
          new String[] {"NDELAY"});

  @Test
  void flagsRenderNamedBitsThenTheUnknownRemainder() {
    assertThat(OPEN.render(0x80041)).isEqualTo("WRONLY|CREAT|CLOEXEC");
    assertThat(OPEN.render(0x80000 | 0x100000 | 0x4)).isEqualTo("CLOEXEC|0x100004");
    assertThat(OPEN.render(0x300)).isEqualTo("0x300");
  }

  @Test
  void highFirstRendersTheHighestNamedBitFirst() {
    assertThat(OPEN.renderHighFirst(0x80041)).isEqualTo("CLOEXEC|CREAT|WRONLY");
    assertThat(OPEN.renderHighFirst(0x80000 | 0x100000 | 0x4)).isEqualTo("CLOEXEC|0x100004");
    assertThat(OPEN.renderHighFirst(0)).isEqualTo("RDONLY");
  }

  @Test
  void zeroPrintsTheZeroNameOrZero() {
    assertThat(OPEN.render(0)).isEqualTo("RDONLY");
    FlagTable noZero =
        new FlagTable(
            info("f", TableKind.FLAGS, "X_"),
            new long[] {1},
            new String[] {"A"},
            new long[0],
            new String[0]);
    assertThat(noZero.render(0)).isEqualTo("0");
    assertThat(noZero.zeroName()).isNull();
  }

  @Test
  void namesParseWithOrWithoutPrefixAndAliasesParseToo() {
    assertThat(OPEN.value("CLOEXEC")).isEqualTo(OptionalLong.of(0x80000));
    assertThat(OPEN.value("O_CLOEXEC")).isEqualTo(OptionalLong.of(0x80000));
    assertThat(OPEN.value("NDELAY")).isEqualTo(OptionalLong.of(0x800));
    assertThat(OPEN.value("O_NOPE")).isEqualTo(OptionalLong.empty());
    assertThat(OPEN.name(0x800)).isNull();
  }

  @Test
  void sparseAndNegativeValuesLookUpByBinarySearch() {
    ValueTable t =
        new ValueTable(
            info("v", TableKind.VALUE, ""),
            new long[] {-100, 3, 0xc0000080L},
            new String[] {"FDCWD", "THREE", "EFER"},
            new long[0],
            new String[0]);
    assertThat(t.name(-100)).isEqualTo("FDCWD");
    assertThat(t.name(0xc0000080L)).isEqualTo("EFER");
    assertThat(t.name(4)).isNull();
    assertThat(t.entries())
        .containsExactly(
            new Entry(-100, "FDCWD"), new Entry(3, "THREE"), new Entry(0xc0000080L, "EFER"))
        .inOrder();
  }

  @Test
  void ioctlTablesNameCommandNumbersAndKeepTheirTypeAndDirection() {
    IoctlTable read =
        new IoctlTable(
            info("vhost_read", TableKind.IOCTL, "VHOST_"),
            0xAF,
            IoctlDirection.READ,
            new long[] {0x00, 0x12},
            new String[] {"GET_FEATURES", "GET_VRING_BASE"},
            new long[0],
            new String[0]);
    assertThat(read.name(0x12)).isEqualTo("GET_VRING_BASE");
    assertThat(read.ioctlType()).isEqualTo(0xAF);
    assertThat(read.direction()).isEqualTo(IoctlDirection.READ);
    assertThat(read.formatValue(0x12)).isEqualTo("0x12");
  }

  @Test
  void offsetTablesKeepTheirRanges() {
    OffsetTable t =
        new OffsetTable(
            info("codes", TableKind.OFFSET, "ARCH_"),
            List.of(new OffsetTable.Range(0x1001, 4), new OffsetTable.Range(0x2001, 1)),
            new long[] {0x1001, 0x1004, 0x2001},
            new String[] {"SET_GS", "GET_GS", "GET_CPUID"},
            new long[0],
            new String[0]);
    assertThat(t.name(0x1004)).isEqualTo("GET_GS");
    assertThat(t.ranges()).hasSize(2);
  }

  @Test
  void unsortedValuesAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ValueTable(
                info("bad", TableKind.VALUE, ""),
                new long[] {2, 1},
                new String[] {"B", "A"},
                new long[0],
                new String[0]));
  }
}
