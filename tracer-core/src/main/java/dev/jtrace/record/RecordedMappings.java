package dev.jtrace.record;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfNote;
import dev.jtrace.perfdata.write.PerfDataWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recording with callchains needs besides the samples, for perf script and perf report to
 * name the frames: the kernel's text and the mappings that exist before the recording starts as
 * MMAP2 records (perf record synthesizes them the same way; later ones the kernel writes), and the
 * build ids of every binary mapped, for the BUILD_ID feature.
 */
final class RecordedMappings {
  /** Frames per sample: with both context marks, within kernel.perf_event_max_stack (127). */
  static final int MAX_FRAMES = 125;

  private static final int PROT_EXEC = 4;
  private static final int MAP_PRIVATE = 2;

  /** Executable files mapped, by path, with a pid that mapped them. */
  private final Map<String, Integer> files = new LinkedHashMap<>();

  /**
   * Whether the files' read-only and data mappings are written too (as the kernel reports them with
   * mmap_data): perf's DWARF unwinder (libunwind) reads a binary's .eh_frame_hdr through the
   * mapping that holds its address, which is not the executable one.
   */
  private final boolean dataMappings;

  RecordedMappings(boolean dataMappings) {
    this.dataMappings = dataMappings;
  }

  /** Writes the kernel's text mapping and the (executable) file mappings of these processes. */
  void synthesize(PerfDataWriter writer, List<Integer> tasks) throws IOException {
    long text = kernelText();
    if (text != 0) {
      writer.mmap2(
          new PerfDataWriter.Mmap2(
              -1, true, text, -1L - text, text, 0, 0, 0, PROT_EXEC, 0, "[kernel.kallsyms]_text"));
    }
    for (int pid : processes(tasks)) {
      Path maps = Path.of("/proc/" + pid + "/maps");
      List<String> lines;
      try {
        lines = Files.readAllLines(maps);
      } catch (IOException e) {
        continue; // ended meanwhile
      }
      for (String line : lines) {
        PerfDataWriter.Mmap2 m = parse(pid, line, dataMappings);
        if (m != null) {
          writer.mmap2(m);
          if ((m.prot() & PROT_EXEC) != 0) {
            files.putIfAbsent(m.filename(), pid);
          }
        }
      }
    }
  }

  /** An MMAP2 record the kernel wrote: its file's build id goes into the feature. */
  void seen(MemorySegment chunk, long off, int size) {
    int pid = chunk.get(ValueLayout.JAVA_INT_UNALIGNED, off + 8);
    int prot = chunk.get(ValueLayout.JAVA_INT_UNALIGNED, off + 64);
    if ((prot & PROT_EXEC) == 0) {
      return;
    }
    StringBuilder name = new StringBuilder();
    for (long p = off + 72; p < off + size; p++) {
      byte b = chunk.get(ValueLayout.JAVA_BYTE, p);
      if (b == 0) {
        break;
      }
      name.append((char) (b & 0xff));
    }
    if (name.length() > 0 && name.charAt(0) == '/') {
      files.putIfAbsent(name.toString(), pid);
    }
  }

  /** The kernel's build id and every mapped file's that has one. */
  List<PerfDataWriter.BuildId> buildIds() {
    List<PerfDataWriter.BuildId> out = new ArrayList<>();
    byte[] kernel = kernelBuildId();
    if (kernel != null) {
      out.add(new PerfDataWriter.BuildId(-1, true, kernel, "[kernel.kallsyms]"));
    }
    for (Map.Entry<String, Integer> f : files.entrySet()) {
      try {
        String id = ElfFile.open(Path.of(f.getKey())).buildId();
        if (id != null) {
          out.add(
              new PerfDataWriter.BuildId(
                  f.getValue(), false, HexFormat.of().parseHex(id), f.getKey()));
        }
      } catch (IOException | ElfException e) {
        // gone or not ELF: perf report looks it up by path
      }
    }
    return out;
  }

  private static List<Integer> processes(List<Integer> tasks) throws IOException {
    if (!tasks.contains(-1)) {
      Set<Integer> pids = new LinkedHashSet<>(); // -p gives threads: their processes' maps
      for (int tid : tasks) {
        pids.add(tgid(tid));
      }
      return List.copyOf(pids);
    }
    List<Integer> all = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : proc) {
        String n = p.getFileName().toString();
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
          all.add(Integer.parseInt(n));
        }
      }
    }
    return all;
  }

  private static int tgid(int tid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + tid + "/status"))) {
        if (l.startsWith("Tgid:")) {
          return Integer.parseInt(l.substring(5).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return tid;
    }
    return tid;
  }

  /** One file mapping of /proc/PID/maps (executable only unless {@code data}), or null. */
  static PerfDataWriter.Mmap2 parse(int pid, String line, boolean data) {
    String[] f = line.trim().split("\\s+", 6);
    if (f.length < 6
        || f[1].length() < 4
        || (!data && f[1].charAt(2) != 'x')
        || !f[5].startsWith("/")) {
      return null;
    }
    try {
      int dash = f[0].indexOf('-');
      long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
      long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
      int colon = f[3].indexOf(':');
      int prot =
          (f[1].charAt(0) == 'r' ? 1 : 0)
              | (f[1].charAt(1) == 'w' ? 2 : 0)
              | (f[1].charAt(2) == 'x' ? PROT_EXEC : 0);
      return new PerfDataWriter.Mmap2(
          pid,
          false,
          start,
          end - start,
          Long.parseUnsignedLong(f[2], 16),
          Integer.parseInt(f[3], 0, colon, 16),
          Integer.parseInt(f[3], colon + 1, f[3].length(), 16),
          Long.parseLong(f[4]),
          prot,
          f[1].charAt(3) == 'p' ? MAP_PRIVATE : 1,
          f[5]);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The address of {@code _text} in /proc/kallsyms (0: hidden or absent). */
  private static long kernelText() {
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.endsWith(" _text")) {
          return Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The running kernel's build id, from the notes it exports (/sys/kernel/notes), or null. */
  private static byte[] kernelBuildId() {
    byte[] notes;
    try (InputStream in = Files.newInputStream(Path.of("/sys/kernel/notes"))) {
      notes = in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(notes).order(ByteOrder.nativeOrder());
    int p = 0;
    while (p + 12 <= notes.length) {
      int nameSize = b.getInt(p);
      int descSize = b.getInt(p + 4);
      int type = b.getInt(p + 8);
      int desc = p + 12 + ((nameSize + 3) & ~3);
      if (nameSize < 0 || descSize < 0 || desc + descSize > notes.length) {
        return null;
      }
      if (type == ElfNote.NT_GNU_BUILD_ID && nameSize == 4 && notes[p + 12] == 'G') {
        byte[] id = new byte[descSize];
        System.arraycopy(notes, desc, id, 0, descSize);
        return id;
      }
      p = desc + ((descSize + 3) & ~3);
    }
    return null;
  }
}
