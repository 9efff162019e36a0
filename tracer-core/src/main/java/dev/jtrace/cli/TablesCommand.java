package dev.jtrace.cli;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.table.Entry;
import dev.jtrace.beauty.table.ErrnoTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code jtrace tables}: the generated string tables.
 *
 * <pre>
 * jtrace tables                       every table: name, kind, entries, arch, sources (tab-separated)
 * jtrace tables NAME                  value&lt;TAB&gt;name lines in value order
 * jtrace tables --arch ARCH NAME      the arch's own variant of NAME when it has one (mmap_flags_mips)
 * jtrace tables --arch ARCH syscalls  the arch's syscall numbers
 * jtrace tables --arch ARCH errno     the errnos of the arch's family, with descriptions
 * jtrace tables --all                 table&lt;TAB&gt;value&lt;TAB&gt;name for every table of every arch
 * </pre>
 *
 * Values of flag, offset and ioctl tables print as {@code 0x…} hex (ioctl tables: the {@code _IOC_NR}), the
 * others in decimal. errno tables add the description as a third column.
 */
public final class TablesCommand {
  private static final String USAGE = "usage: jtrace tables [--all | [--arch ARCH] NAME]";

  private TablesCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Arch arch = null;
    String name = null;
    boolean all = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--arch")) {
        if (i + 1 >= args.length) {
          return fail(err, "--arch needs an arch (x86_64, i386, arm64, arm, powerpc64, powerpc32, s390x, mips64, riscv64)");
        }
        String id = args[++i];
        Optional<Arch> parsed = Arch.parse(id);
        if (parsed.isEmpty()) {
          return fail(err, "unknown arch '" + id + "'");
        }
        arch = parsed.get();
      } else if (a.equals("--all")) {
        all = true;
      } else if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (a.startsWith("-")) {
        return fail(err, "unknown option '" + a + "'; " + USAGE);
      } else if (name != null) {
        return fail(err, "one table at a time; " + USAGE);
      } else {
        name = a;
      }
    }
    if (all) {
      if (name != null || arch != null) {
        return fail(err, "--all takes no table or arch; " + USAGE);
      }
      for (Table t : Tables.all()) {
        for (Entry e : t.entries()) {
          out.append(t.name()).append('\t').append(t.formatValue(e.value())).append('\t').append(e.name()).append('\n');
        }
      }
      out.flush();
      return 0;
    }
    if (name == null) {
      if (arch != null) {
        return fail(err, "--arch needs a table name (syscalls, errno, or e.g. mmap_flags); " + USAGE);
      }
      for (Table t : Tables.all()) {
        out.append(t.name()).append('\t').append(t.kind().id()).append('\t').append(Integer.toString(t.size()))
            .append('\t').append(t.info().arch()).append('\t').append(String.join(",", t.info().sources())).append('\n');
      }
      out.flush();
      return 0;
    }
    Table table = resolve(name, arch);
    if (table == null) {
      return fail(err, "unknown table '" + name + "'" + (arch != null ? " for arch " + arch.id() : "") + " (jtrace tables lists them)");
    }
    print(table, out);
    return 0;
  }

  private static Table resolve(String name, Arch arch) {
    if (arch == null) {
      return Tables.get(name);
    }
    return switch (name) {
      case "syscalls" -> Tables.syscalls(arch);
      case "errno", "errnos" -> Tables.errnos(arch.errnoFamily());
      default -> Tables.get(name, arch);
    };
  }

  private static void print(Table t, PrintStream out) {
    ErrnoTable errno = t instanceof ErrnoTable e ? e : null;
    for (Entry e : t.entries()) {
      out.append(t.formatValue(e.value())).append('\t').append(e.name());
      if (errno != null) {
        out.append('\t').append(errno.description(e.value()));
      }
      out.append('\n');
    }
    out.flush();
  }

  private static int fail(PrintStream err, String message) {
    err.println("jtrace tables: " + message);
    return 2;
  }
}
