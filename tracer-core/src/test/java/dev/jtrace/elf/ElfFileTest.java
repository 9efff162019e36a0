package dev.jtrace.elf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.symbols.StacksWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ELF reader against binutils' view of binaries gcc built here, and on damaged files. */
class ElfFileTest {
  @Test
  void symbolsSectionsAndBuildIdAgreeWithBinutils() throws Exception {
    Path bin = StacksWorkload.framePointers();
    ElfFile elf = ElfFile.open(bin);
    assertThat(elf.is64()).isTrue();
    assertThat(elf.section(".text")).isNotNull();
    assertThat(elf.section(".symtab")).isNotNull();

    Map<String, Long> nm = new HashMap<>();
    for (String line : StacksWorkload.run(List.of("nm", bin.toString()), "nm").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && (f[1].equals("T") || f[1].equals("t"))) {
        nm.put(f[2], Long.parseUnsignedLong(f[0], 16));
      }
    }
    Map<String, Long> ours = new HashMap<>();
    for (ElfSymbol s : elf.symbols(".symtab")) {
      if (s.isDefinedFunction()) {
        ours.put(s.name(), s.value());
      }
    }
    for (String f : StacksWorkload.CALLERS) {
      assertThat(ours.get(f)).isEqualTo(nm.get(f));
    }

    String readelf = StacksWorkload.run(List.of("readelf", "-n", bin.toString()), "readelf");
    String id = elf.buildId();
    assertThat(id).isNotNull();
    assertThat(readelf).contains("Build ID: " + id);
  }

  @Test
  void debugLinkNamesTheLinkedFile() throws Exception {
    Path dir = Files.createTempDirectory("elf-link");
    Path bin = dir.resolve("stripped");
    Files.copy(StacksWorkload.framePointers(), bin);
    StacksWorkload.run(
        List.of("objcopy", "--only-keep-debug", bin.toString(), dir.resolve("s.debug").toString()),
        "objcopy");
    StacksWorkload.run(List.of("strip", bin.toString()), "strip");
    StacksWorkload.run(
        List.of("objcopy", "--add-gnu-debuglink=" + dir.resolve("s.debug"), bin.toString()),
        "objcopy");
    ElfFile elf = ElfFile.open(bin);
    assertThat(elf.debugLink()).isEqualTo("s.debug");
    assertThat(elf.section(".symtab")).isNull();
  }

  @Test
  void aFileCutShortNamesTheFileAndTheOffset() throws Exception {
    byte[] image = Files.readAllBytes(StacksWorkload.framePointers());
    byte[] cut = Arrays.copyOf(image, 100);
    ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse("cut.elf", cut));
    assertThat(e.getMessage()).startsWith("cut.elf: offset 0x");
    assertThat(e.getMessage()).contains("past the end of the file");
    assertThat(e.getMessage()).doesNotContain("\n");
    ElfException magic =
        assertThrows(
            ElfException.class, () -> ElfFile.parse("text", "hello world!!!!!!".getBytes()));
    assertThat(magic.getMessage())
        .isEqualTo("text: offset 0x0: not an ELF file (no \\x7fELF magic)");
  }

  /** An eBPF object's SHT_REL entries, as llvm-readelf -r lists them. */
  @Test
  void relocationsOfAProgramSection() throws Exception {
    ElfFile f = ElfFile.open(Path.of("src/test/resources/bpf/legacy_maps.o"));
    ElfSection code = f.section("tp/syscalls/sys_enter_write");
    ElfSection rel = f.relocationsOf(code);
    assertThat(rel.name()).isEqualTo(".reltp/syscalls/sys_enter_write");
    List<ElfRelocation> r = f.relocations(rel);
    assertThat(r.stream().map(ElfRelocation::offset).toList())
        .containsExactly(0x38L, 0x88L, 0x100L);
    assertThat(r.getFirst().type()).isEqualTo(1); // R_BPF_64_64
    List<ElfSymbol> symbols = f.symbols(f.sections().get(rel.link()));
    assertThat(symbols.get(r.getFirst().symbol() - 1).name()).isEqualTo("write_counts");
    assertThat(symbols.get(r.getLast().symbol() - 1).name()).isEqualTo("__bpf_stdout__");
  }

  /** Fuzz: an eBPF object's relocation sections, damaged, read or fail with an ElfException. */
  @Test
  void damagedRelocationsFailOnlyWithElfException() throws Exception {
    byte[] image = Files.readAllBytes(Path.of("src/test/resources/bpf/legacy_maps.o"));
    Random random = new Random(Long.getLong("jtrace.fuzz.seed", 12));
    for (int round = 0; round < 2000; round++) {
      byte[] m = image.clone();
      for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      }
      try {
        ElfFile f = ElfFile.parse("mutant-" + round, m);
        for (ElfSection s : f.sections()) {
          if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
            f.relocations(s);
          }
        }
      } catch (ElfException expected) {
        assertThat(expected.getMessage()).startsWith("mutant-");
      }
    }
  }

  /**
   * Fuzz: damaged copies of a real binary (bytes of the headers and tables overwritten, the file
   * cut) either read or fail with an ElfException; nothing else escapes.
   */
  @Test
  void damagedFilesFailOnlyWithElfException() throws Exception {
    byte[] image = Files.readAllBytes(StacksWorkload.framePointers());
    long seed = Long.getLong("jtrace.fuzz.seed", 10);
    Random random = new Random(seed);
    ElfFile good = ElfFile.parse("good", image);
    long shoff = good.sections().isEmpty() ? 64 : image.length - 64L * good.sections().size();
    for (int round = 0; round < 2000; round++) {
      byte[] m = image.clone();
      int flips = 1 + random.nextInt(8);
      for (int i = 0; i < flips; i++) {
        int at =
            switch (random.nextInt(3)) {
              case 0 -> random.nextInt(64);
              case 1 ->
                  (int) Math.max(0, shoff)
                      + random.nextInt(image.length - (int) Math.max(0, shoff));
              default -> random.nextInt(image.length);
            };
        m[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        m = Arrays.copyOf(m, random.nextInt(m.length));
      }
      try {
        ElfFile f = ElfFile.parse("mutant-" + seed + "-" + round, m);
        f.buildId();
        f.debugLink();
        for (ElfSection s : f.sections()) {
          if (s.type() == ElfSection.SHT_SYMTAB || s.type() == ElfSection.SHT_DYNSYM) {
            f.symbols(s);
          }
          if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
            f.relocations(s);
          }
          f.data(s);
        }
      } catch (ElfException expected) {
        assertThat(expected.getMessage()).startsWith("mutant-");
      }
    }
  }
}
