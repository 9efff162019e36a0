// Cost of the inlined-frame lookups (dev.jtrace.dwarf.InlineInfo) on this machine's libc and its
// separate debug file: opening the DWARF (unit list and unit ranges), the first lookup in each of
// N functions (each parses its unit once), then repeated lookups (the cached path a stack takes):
// CPU time per lookup (the thread's, so a loaded host inflates it less) and bytes allocated. A
// benchmark, not a test: run it by hand after a build,
//
//   java -cp 'tracer-core/target/jtrace.jar:tracer-core/target/lib/*' bench/InlineLookup.java [N]
//
// (JDK 25). Prints one line per phase.
import com.sun.management.ThreadMXBean;
import dev.jtrace.dwarf.InlineInfo;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSymbol;
import dev.jtrace.symbols.BinarySymbols;
import dev.jtrace.symbols.Demangler;
import dev.jtrace.symbols.Symbolizer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class InlineLookup {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path libc = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    ElfFile elf = ElfFile.open(libc);
    ElfFile debug =
        BinarySymbols.debugFile(elf, libc, elf.buildId(), Symbolizer.DEFAULT_DEBUG_ROOT);
    if (debug == null) {
      System.out.println("no debug file for libc (libc6-dbg): nothing to measure");
      return;
    }
    List<Long> at = new ArrayList<>();
    List<ElfSymbol> functions = new ArrayList<>();
    for (ElfSymbol s : debug.symbols(".symtab")) {
      if (s.type() == ElfSymbol.STT_FUNC && s.size() > 8) {
        functions.add(s);
      }
    }
    for (int i = 0; i < n; i++) {
      ElfSymbol s = functions.get((int) ((long) i * functions.size() / n));
      at.add(s.value() + s.size() / 2);
    }
    long t0 = System.nanoTime();
    InlineInfo info = InlineInfo.load(libc, e -> debug, Demangler::demangle);
    long t1 = System.nanoTime();
    String[] out = new String[InlineInfo.MAX_DEPTH];
    int inlined = 0;
    for (long a : at) {
      inlined += info.lookup(a, out) > 1 ? 1 : 0;
    }
    long t2 = System.nanoTime();
    System.out.printf("open libc's DWARF (units, unit ranges): %.1f ms%n", (t1 - t0) / 1e6);
    System.out.printf(
        "first lookups in %d functions (units parsed on the way; %d with inlined frames): %.1f"
            + " ms%n",
        n, inlined, (t2 - t1) / 1e6);
    long[] addresses = at.stream().mapToLong(Long::longValue).toArray();
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int warm = 0; warm < 200; warm++) {
      for (long a : addresses) {
        sink += info.lookup(a, out);
      }
    }
    int rounds = Math.max(1, 2_000_000 / n);
    long bytes0 = mx.getCurrentThreadAllocatedBytes();
    long t3 = mx.getCurrentThreadCpuTime();
    for (int r = 0; r < rounds; r++) {
      for (long a : addresses) {
        sink += info.lookup(a, out);
      }
    }
    long t4 = mx.getCurrentThreadCpuTime();
    long bytes1 = mx.getCurrentThreadAllocatedBytes();
    long lookups = (long) rounds * n;
    System.out.printf(
        "cached lookups: %d, %.0f ns of CPU each, %d bytes allocated in all (sink %d)%n",
        lookups, (double) (t4 - t3) / lookups, bytes1 - bytes0, sink);
  }
}
