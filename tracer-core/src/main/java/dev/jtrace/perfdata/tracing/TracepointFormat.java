package dev.jtrace.perfdata.tracing;

import java.util.List;

/**
 * The format of one tracepoint, parsed from its format text: {@code system:name}, the id perf uses
 * as the attr config, the fields (common ones first) and the compiled {@code print fmt}, and the
 * format text itself (so a writer can copy it unchanged).
 *
 * @param id the id perf uses as the attr config; -1 when the file's {@code ID:} line is damaged
 *     (the event is then found by its name only)
 * @param syscall where a syscall tracepoint keeps its number, arguments and return (null for other
 *     events)
 */
public record TracepointFormat(
    String system,
    String name,
    int id,
    List<FieldFormat> fields,
    String printFmtText,
    PrintFormat printFormat,
    String text,
    SyscallFormat syscall) {

  /** {@code raw_syscalls:sys_enter}. */
  public String fullName() {
    return system + ":" + name;
  }

  /** The field of that name, or null. */
  public FieldFormat field(String fieldName) {
    for (FieldFormat f : fields) {
      if (f.name().equals(fieldName)) return f;
    }
    return null;
  }

  /** The non-common fields in order, e.g. {@code __syscall_nr,uaddr,op,…}. */
  public List<FieldFormat> eventFields() {
    return fields.stream().filter(f -> !f.common()).toList();
  }
}
