package dev.jtrace.generator.tables;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule of a table spec: the defines (or enumerators) of one header whose name matches a
 * pattern.
 *
 * @param header tree path of the header, e.g. {@code include/uapi/linux/prctl.h}
 * @param followIncludes also read the headers it includes, transitively, in include order after it
 * @param type defines or enumerators
 * @param name full-name pattern; group 1 is the printed name (prefix, and suffix if any, stripped)
 * @param text when present, the define's replacement text must match it in full
 * @param valueFrom when present, the value is group 1 of this pattern on the replacement text
 *     (decimal or {@code 0x} hex) instead of the evaluated value: ioctl numbers, {@code 1 << n}
 *     shifts
 * @param addend added to every value (i915 commands sit at {@code DRM_COMMAND_BASE + nr})
 * @param exclude full names (patterns) left out
 * @param ascending keep a name only when its value is above every value kept before it, in
 *     definition order: how options are told from their sub-options in prctl.h
 * @param bitsOnly keep only values with at most one bit set (flag tables: masks are not flags)
 * @param enumTag only enumerators of this enum
 * @param commandType when not -1, values are whole ioctl command words: keep those of this {@code
 *     _IOC_TYPE} and take their {@code _IOC_NR}
 */
public record Selector(
    String header,
    boolean followIncludes,
    FactType type,
    Pattern name,
    Optional<Pattern> text,
    Optional<Pattern> valueFrom,
    long addend,
    List<Pattern> exclude,
    boolean ascending,
    boolean bitsOnly,
    Optional<String> enumTag,
    int commandType) {
  public Selector {
    exclude = List.copyOf(exclude);
  }

  /** Defines of one header whose name matches {@code name}. */
  public static Selector defines(String header, String name) {
    return new Selector(
        header,
        false,
        FactType.DEFINE,
        Pattern.compile(name),
        Optional.empty(),
        Optional.empty(),
        0,
        List.of(),
        false,
        false,
        Optional.empty(),
        -1);
  }

  /** Enumerators of one header whose name matches {@code name}. */
  public static Selector enums(String header, String name) {
    return new Selector(
        header,
        false,
        FactType.ENUM,
        Pattern.compile(name),
        Optional.empty(),
        Optional.empty(),
        0,
        List.of(),
        false,
        false,
        Optional.empty(),
        -1);
  }

  public Selector withIncludes() {
    return new Selector(
        header,
        true,
        type,
        name,
        text,
        valueFrom,
        addend,
        exclude,
        ascending,
        bitsOnly,
        enumTag,
        commandType);
  }

  /** Only defines whose replacement text matches {@code regex} in full. */
  public Selector text(String regex) {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        Optional.of(Pattern.compile(regex)),
        valueFrom,
        addend,
        exclude,
        ascending,
        bitsOnly,
        enumTag,
        commandType);
  }

  /** Values are group 1 of {@code regex} on the replacement text (which must match it in full). */
  public Selector valueFrom(String regex) {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        Optional.of(Pattern.compile(regex)),
        addend,
        exclude,
        ascending,
        bitsOnly,
        enumTag,
        commandType);
  }

  public Selector plus(long add) {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        add,
        exclude,
        ascending,
        bitsOnly,
        enumTag,
        commandType);
  }

  /** Leaves out names matching any of these patterns (in full). */
  public Selector exclude(String... regexes) {
    List<Pattern> all = new java.util.ArrayList<>(exclude);
    for (String r : regexes) {
      all.add(Pattern.compile(r));
    }
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        addend,
        all,
        ascending,
        bitsOnly,
        enumTag,
        commandType);
  }

  public Selector ascendingOnly() {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        addend,
        exclude,
        true,
        bitsOnly,
        enumTag,
        commandType);
  }

  public Selector singleBit() {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        addend,
        exclude,
        ascending,
        true,
        enumTag,
        commandType);
  }

  public Selector tag(String t) {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        addend,
        exclude,
        ascending,
        bitsOnly,
        Optional.of(t),
        commandType);
  }

  public Selector commandsOfType(int ioctlType) {
    return new Selector(
        header,
        followIncludes,
        type,
        name,
        text,
        valueFrom,
        addend,
        exclude,
        ascending,
        bitsOnly,
        enumTag,
        ioctlType);
  }
}
