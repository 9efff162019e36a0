package dev.jtrace.abi.extract;

import dev.jtrace.abi.cheader.HeaderSyntaxException;
import dev.jtrace.abi.model.SyscallEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a syscall .tbl file: {@code <number> <abi> <name> [<entry point> [<compat entry point>]]}.
 */
public final class SyscallTableParser {
  private SyscallTableParser() {}

  /**
   * @param abis the ABIs to keep, e.g. {@code common, 64}
   * @param base added to every number (mips n64 numbers start at 5000)
   */
  public static List<SyscallEntry> parse(String file, String text, Set<String> abis, int base) {
    List<SyscallEntry> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String content = hash >= 0 ? line.substring(0, hash) : line;
      if (content.isBlank()) {
        continue;
      }
      String[] cols = content.trim().split("\\s+");
      int col = line.indexOf(cols[0]) + 1;
      if (!cols[0].matches("\\d+")) {
        throw new HeaderSyntaxException(
            file, i + 1, col, "expected a syscall number, found '" + cols[0] + "'");
      }
      if (cols.length < 3) {
        int end = content.stripTrailing().length() + 1;
        throw new HeaderSyntaxException(file, i + 1, end, "expected <number> <abi> <name>");
      }
      if (abis.contains(cols[1])) {
        out.add(new SyscallEntry(Integer.parseInt(cols[0]) + base, cols[2]));
      }
    }
    out.sort(Comparator.comparingInt(SyscallEntry::number));
    return out;
  }
}
