package dev.jtrace.abi.model;

import java.util.List;

/**
 * A tracefs event format file, e.g. {@code events/syscalls/sys_enter_openat/format}.
 *
 * @param system the event's system, e.g. {@code syscalls}
 * @param name the event name, e.g. {@code sys_enter_openat}
 * @param id the event id on the machine it was read from
 * @param fields common fields first, then the event's own, in file order
 * @param printFormat the {@code print fmt:} text as it stands
 */
public record EventFormat(
    String system, String name, int id, List<FormatField> fields, String printFormat) {
  public EventFormat {
    fields = List.copyOf(fields);
  }
}
