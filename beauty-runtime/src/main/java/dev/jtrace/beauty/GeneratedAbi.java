package dev.jtrace.beauty;

import dev.jtrace.beauty.gen.SyscallSignatures;
import dev.jtrace.beauty.table.ErrnoTable;
import dev.jtrace.beauty.table.FlagTable;
import dev.jtrace.beauty.table.SyscallTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Connects the hand-written renderers to the generated tables and signatures. */
final class GeneratedAbi {
  private static final Map<String, SyscallSignature> SIGNATURES = SyscallSignatures.all();

  private GeneratedAbi() {}

  static Map<String, SyscallSignature> signatures() {
    return SIGNATURES;
  }

  /** The generated tables seen from one arch: its own variants first, then the shared ones. */
  static TableSource tableSource(Arch arch) {
    return new ArchTables(arch);
  }

  private static final class ArchTables implements TableSource {
    private static final Table MISSING = null;
    private final Arch arch;
    private final SyscallTable syscalls;
    private final ErrnoTable errnos;
    /** Resolved per logical name once; absent tables are remembered as such. */
    private final Map<String, java.util.Optional<Table>> resolved = new ConcurrentHashMap<>();

    ArchTables(Arch arch) {
      this.arch = arch;
      this.syscalls = Tables.syscalls(arch);
      ErrnoTable own = Tables.errnos(arch.errnoFamily());
      this.errnos = own != null ? own : Tables.errnos(Arch.ErrnoFamily.GENERIC);
    }

    private Table table(String name) {
      return resolved.computeIfAbsent(name, n -> java.util.Optional.ofNullable(Tables.get(n, arch)))
          .orElse(MISSING);
    }

    @Override
    public String name(String table, long value) {
      Table t = table(table);
      return t == null ? null : t.name(value);
    }

    @Override
    public String flags(String table, long value) {
      return table(table) instanceof FlagTable f ? f.render(value) : null;
    }

    @Override
    public OptionalLong value(String table, String name) {
      Table t = table(table);
      return t == null ? OptionalLong.empty() : t.value(name);
    }

    @Override
    public String syscallName(int nr) {
      return syscalls == null ? null : syscalls.name(nr);
    }

    @Override
    public int syscallNumber(String name) {
      if (syscalls == null) {
        return -1;
      }
      OptionalLong v = syscalls.value(name);
      return v.isPresent() ? (int) v.getAsLong() : -1;
    }

    @Override
    public String errnoName(int errno) {
      return errnos == null ? null : errnos.name(errno);
    }

    @Override
    public String errnoDescription(int errno) {
      return errnos == null ? null : errnos.description(errno);
    }
  }
}
