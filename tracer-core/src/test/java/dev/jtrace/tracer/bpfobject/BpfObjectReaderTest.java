package dev.jtrace.tracer.bpfobject;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The committed test objects (built from the C sources beside them, see their README) read into
 * programs, maps, license and version as llvm-readelf shows them; damaged copies fail with one
 * BpfObjectException naming the file.
 */
class BpfObjectReaderTest {
  static final Path DIR = Path.of("src/test/resources/bpf");

  @Test
  void btfMapsAndAProgramWithItsMapLoad() throws Exception {
    BpfObject o = BpfObjectReader.read(DIR.resolve("etcsnoop.o"));
    assertThat(o.license()).isEqualTo("GPL");
    assertThat(o.maps()).containsExactly(new MapDefinition("__bpf_stdout__", 4, 4, 4, 0, 0));
    BpfProgram p = o.programs().getFirst();
    assertThat(p.name()).isEqualTo("etcsnoop");
    assertThat(p.attach())
        .isEqualTo(new AttachPoint(AttachPoint.Kind.TRACEPOINT, "syscalls", "sys_enter_openat"));
    // llvm-objdump: "12: r2 = 0 ll" loads the map (relocation at byte 0x60)
    assertThat(p.maps()).containsExactly(new BpfProgram.MapReference(12, "__bpf_stdout__"));
    long patched = p.relocated(name -> 77)[12];
    assertThat((patched >>> 12) & 0xf).isEqualTo(1); // src_reg BPF_PSEUDO_MAP_FD
    assertThat(patched >>> 32).isEqualTo(77);
  }

  @Test
  void legacyMapsSectionAndVersion() throws Exception {
    BpfObject o = BpfObjectReader.read(DIR.resolve("legacy_maps.o"));
    assertThat(o.maps()).contains(new MapDefinition("write_counts", 1, 4, 8, 1024, 0));
    BpfProgram p = o.programs().getFirst();
    assertThat(p.attach().toString()).isEqualTo("syscalls:sys_enter_write");
    assertThat(p.maps().stream().map(BpfProgram.MapReference::map).toList())
        .containsExactly("write_counts", "write_counts", "__bpf_stdout__");
    BpfObject f = BpfObjectReader.read(DIR.resolve("filter.o"));
    assertThat(f.kernelVersion()).isEqualTo((6 << 16) + (12 << 8));
    assertThat(f.programs().getFirst().attach().syscallEntered()).isEqualTo("close");
  }

  @Test
  void sectionNames() {
    assertThat(AttachPoint.ofSection("raw_tracepoint/sys_enter"))
        .isEqualTo(new AttachPoint(AttachPoint.Kind.RAW_TRACEPOINT, "", "sys_enter"));
    assertThat(AttachPoint.ofSection("tp/sched/sched_switch").toString())
        .isEqualTo("sched:sched_switch");
    assertThat(AttachPoint.ofSection("kprobe/do_sys_open")).isNull();
    assertThat(AttachPoint.ofSection("func=hrtimer_nanosleep rqtp->tv_nsec")).isNull();
  }

  @Test
  void notAnEbpfObject() throws Exception {
    BpfObjectException e =
        assertThrows(BpfObjectException.class, () -> BpfObjectReader.read(Path.of("/bin/true")));
    assertThat(e.getMessage())
        .isEqualTo("/bin/true: not an eBPF object (ELF machine 62, expected 247, BPF)");
    Path text = Files.createTempFile("jtrace", ".o");
    Files.writeString(text, "not an object");
    e = assertThrows(BpfObjectException.class, () -> BpfObjectReader.read(text));
    assertThat(e.getMessage()).contains(text + ": offset 0x0: not an ELF file");
    Files.delete(text);
  }

  /**
   * Fuzz: damaged copies read or fail with a BpfObjectException (ElfException inside), nothing
   * else.
   */
  @Test
  void damagedObjectsFailOnlyWithOneLine() throws Exception {
    byte[] image = Files.readAllBytes(DIR.resolve("legacy_maps.o"));
    Random random = new Random(Long.getLong("jtrace.fuzz.seed", 11));
    int failed = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] m = image.clone();
      for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(5) == 0) {
        m = Arrays.copyOf(m, random.nextInt(m.length));
      }
      try {
        BpfObjectReader.read(ElfFile.parse("mutant-" + round, m));
      } catch (BpfObjectException | ElfException expected) {
        assertThat(expected.getMessage()).startsWith("mutant-" + round);
        assertThat(expected.getMessage()).doesNotContain("\n");
        failed++;
      }
    }
    assertThat(failed).isGreaterThan(0);
  }
}
