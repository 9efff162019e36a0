package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.FormatParser;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.perfdata.tracing.TracingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gives each attr its name and format: EVENT_DESC first, then the tracepoint's format in the
 * tracing data, then simpleperf's META_INFO {@code event_type_info}, then perf's default names.
 *
 * <p>A tracepoint's format is the one whose ID is the attr's config. When the file also names the
 * event (EVENT_DESC, EVENT_UPDATE) and the two disagree, one of them is damaged: the format of that
 * name wins (a number is damaged into another valid one more easily than a name), and a format
 * whose ID line is damaged is found by the name alone; each such repair is warned about once.
 */
final class EventNamer {
  private static final String[] HARDWARE = {
    "cycles",
    "instructions",
    "cache-references",
    "cache-misses",
    "branches",
    "branch-misses",
    "bus-cycles",
    "stalled-cycles-frontend",
    "stalled-cycles-backend",
    "ref-cycles"
  };
  private static final String[] SOFTWARE = {
    "cpu-clock", "task-clock", "page-faults", "context-switches", "cpu-migrations", "minor-faults",
    "major-faults", "alignment-faults", "emulation-faults", "dummy", "bpf-output", "cgroup-switches"
  };

  private EventNamer() {}

  /** Where a repair of a damaged link between an attr and its format is reported, once per key. */
  interface Warnings {
    void warnOnce(String key, String message);
  }

  static List<PerfDataEvent> events(HeaderState s, Warnings warnings) {
    List<PerfDataEvent> out = new ArrayList<>(s.attrs.size());
    String[] simpleperf = simpleperfNames(s);
    for (int i = 0; i < s.attrs.size(); i++) {
      EventAttr a = s.attrs.get(i);
      long[] ids = s.attrIds.get(i);
      String name = descName(s, i, ids);
      for (int k = 0; name == null && k < ids.length; k++) name = s.updatedNames.get(ids[k]);
      TracepointFormat format = null;
      if (a.type() == EventAttr.TYPE_TRACEPOINT && s.tracingData != null) {
        format = format(s.tracingData, a.config(), name, warnings);
        if (format == null) {
          warnings.warnOnce(
              "no format " + a.config(),
              "event "
                  + (name == null ? defaultName(a) : name)
                  + " (config "
                  + a.config()
                  + ") has no format in the tracing data: its samples are not decoded");
        }
      }
      if (name == null && format != null) name = format.fullName();
      if (name == null) name = simpleperfName(simpleperf, a);
      if (name == null) name = defaultName(a);
      out.add(new PerfDataEvent(i, a, ids, name, format));
    }
    return List.copyOf(out);
  }

  /** The format of the tracepoint with that config and (when the file names it) that name. */
  private static TracepointFormat format(
      TracingData td, long config, String name, Warnings warnings) {
    TracepointFormat byId = td.byId(config);
    int colon = name == null ? -1 : name.indexOf(':');
    if (colon >= 0 && (name.indexOf(':', colon + 1) >= 0 || name.indexOf('/') >= 0)) {
      colon = -1; // a name with modifiers (sys:event:u, sys:event/…/) is no format's name
    }
    if (byId != null && byId.name().isEmpty()) {
      // its own name line was damaged: the event's name (if of the same system) is the one
      boolean same = colon >= 0 && name.substring(0, colon).equals(byId.system());
      return same ? FormatParser.named(byId, name.substring(colon + 1)) : null;
    }
    TracepointFormat byName =
        colon < 0 ? null : td.byName(name.substring(0, colon), name.substring(colon + 1));
    if (byName == null || byName == byId) {
      if (byId != null && byName == null && colon >= 0) {
        warnings.warnOnce(
            "format name " + config,
            "event "
                + name
                + " (config "
                + config
                + "): the format of that id is named "
                + byId.fullName()
                + " in the tracing data; one of the two names is damaged, the format is used");
      }
      return byId;
    }
    warnings.warnOnce(
        "format id " + config,
        "event "
            + name
            + " (config "
            + config
            + "): "
            + (byId == null
                ? "no format has that id in the tracing data"
                : "the format of that id is " + byId.fullName())
            + "; the format named "
            + name
            + (byName.id() < 0 ? " (whose ID line is damaged)" : " (ID " + byName.id() + ")")
            + " is used");
    return byName;
  }

  private static String descName(HeaderState s, int i, long[] ids) {
    for (int k = 0; k < s.descNames.size(); k++) {
      if (ids.length > 0 && Arrays.equals(s.descIds.get(k), ids)) return s.descNames.get(k);
    }
    if (i < s.descNames.size() && (ids.length == 0 || s.descIds.get(i).length == 0))
      return s.descNames.get(i);
    return null;
  }

  /** {@code name,type,config} lines of META_INFO key {@code event_type_info}. */
  private static String[] simpleperfNames(HeaderState s) {
    String info = s.metaInfo.get("event_type_info");
    return info == null ? new String[0] : info.split("\n");
  }

  private static String simpleperfName(String[] lines, EventAttr a) {
    for (String line : lines) {
      String[] p = line.split(",");
      if (p.length == 3) {
        try {
          if (Integer.parseInt(p[1].strip()) == a.type()
              && Long.parseLong(p[2].strip()) == a.config()) {
            return p[0].strip();
          }
        } catch (NumberFormatException e) {
          // not a line of the expected form
        }
      }
    }
    return null;
  }

  static String defaultName(EventAttr a) {
    long c = a.config();
    return switch (a.type()) {
      case EventAttr.TYPE_HARDWARE ->
          c >= 0 && c < HARDWARE.length ? HARDWARE[(int) c] : "hardware:0x" + Long.toHexString(c);
      case EventAttr.TYPE_SOFTWARE ->
          c >= 0 && c < SOFTWARE.length ? SOFTWARE[(int) c] : "software:0x" + Long.toHexString(c);
      case EventAttr.TYPE_TRACEPOINT -> "tracepoint:" + c;
      case EventAttr.TYPE_HW_CACHE -> "hw-cache:0x" + Long.toHexString(c);
      case EventAttr.TYPE_RAW -> "raw 0x" + Long.toHexString(c);
      case EventAttr.TYPE_BREAKPOINT -> "mem:0x" + Long.toHexString(a.config1());
      default -> "unknown:" + a.type() + ":0x" + Long.toHexString(c);
    };
  }
}
