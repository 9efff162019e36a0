package dev.jtrace.tracer.options;

/** perf trace's {@code -F/--pf}: which page faults are traced beside the syscalls. */
public enum PageFaults {
  NONE(false, false),
  MAJOR(true, false),
  MINOR(false, true),
  ALL(true, true);

  private final boolean major;
  private final boolean minor;

  PageFaults(boolean major, boolean minor) {
    this.major = major;
    this.minor = minor;
  }

  /** Faults that had to read the page in (perf's {@code major-faults}). */
  public boolean major() {
    return major;
  }

  /** Faults served without I/O (perf's {@code minor-faults}). */
  public boolean minor() {
    return minor;
  }

  public boolean any() {
    return major || minor;
  }

  /** perf's spelling: {@code maj}, {@code min} or {@code all}; null when it is none of them. */
  public static PageFaults parse(String s) {
    return switch (s) {
      case "maj" -> MAJOR;
      case "min" -> MINOR;
      case "all" -> ALL;
      default -> null;
    };
  }
}
