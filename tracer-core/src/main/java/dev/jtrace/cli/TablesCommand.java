package dev.jtrace.cli;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.table.Entry;
import dev.jtrace.beauty.table.ErrnoTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.cli.args.BadValue;
import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
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
 * Values of flag, offset and ioctl tables print as {@code 0x…} hex (ioctl tables: the {@code
 * _IOC_NR}), the others in decimal. errno tables add the description as a third column.
 */
public final class TablesCommand {
  static final Options SPEC =
      new Options(
          "jtrace tables",
          "usage: jtrace tables [--all | [--arch ARCH] NAME]",
          Options.Rest.OPERANDS);
  private static final Option<Boolean> ALL =
      SPEC.flag("--all", "table, value and name for every table of every arch");
  private static final Option<Arch> ARCH =
      SPEC.value(
          "--arch",
          "ARCH",
          "the arch's own tables (x86_64, i386, arm64, arm, powerpc64, powerpc32, s390x, mips64,"
              + " riscv64)",
          TablesCommand::arch);

  private TablesCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return SPEC.run(
        args,
        out,
        err,
        a -> {
          if (a.rest().size() > 1) {
            throw a.error("one table at a time (see jtrace tables --help)");
          }
          return show(
              a.flag(ALL, false),
              a.get(ARCH, null),
              a.rest().isEmpty() ? null : a.rest().get(0),
              out);
        });
  }

  private static Arch arch(String id) throws BadValue {
    Optional<Arch> arch = Arch.parse(id);
    if (arch.isEmpty()) {
      throw new BadValue("unknown arch: " + id);
    }
    return arch.get();
  }

  private static int show(boolean all, Arch arch, String name, PrintStream out) throws BadArgs {
    if (all) {
      if (name != null || arch != null) {
        throw SPEC.error("--all takes no table or arch");
      }
      for (Table t : Tables.all()) {
        for (Entry e : t.entries()) {
          out.append(t.name())
              .append('\t')
              .append(t.formatValue(e.value()))
              .append('\t')
              .append(e.name())
              .append('\n');
        }
      }
      out.flush();
      return 0;
    }
    if (name == null) {
      if (arch != null) {
        throw SPEC.error("--arch needs a table name (syscalls, errno, or e.g. mmap_flags)");
      }
      for (Table t : Tables.all()) {
        out.append(t.name())
            .append('\t')
            .append(t.kind().id())
            .append('\t')
            .append(Integer.toString(t.size()))
            .append('\t')
            .append(t.info().arch())
            .append('\t')
            .append(String.join(",", t.info().sources()))
            .append('\n');
      }
      out.flush();
      return 0;
    }
    Table table = resolve(name, arch);
    if (table == null) {
      throw SPEC.error(
          "unknown table '"
              + name
              + "'"
              + (arch != null ? " for arch " + arch.id() : "")
              + " (jtrace tables lists them)");
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
}
