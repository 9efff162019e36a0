package dev.jtrace.generator.signatures;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ReturnKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Derives every syscall's signature from the snapshot's enter formats. */
public final class SignatureModel {
  /** One argument: name, C type, and the kind it renders as. */
  public record Arg(String name, String type, ArgKind kind) {}

  /** One syscall, by the name its format file uses. */
  public record Signature(String name, ReturnKind returnKind, List<Arg> args) {
    public Signature {
      args = List.copyOf(args);
    }
  }

  private static final String ENTER = "sys_enter_";

  /**
   * Syscalls whose format the kernel names after another SYSCALL_DEFINE (x86_64 and the generic
   * table).
   */
  private static final Map<String, String> OTHER_DEFINE =
      Map.of("umount2", "umount", "sendfile", "sendfile64");

  private SignatureModel() {}

  /** Signatures sorted by name, one per {@code syscalls/sys_enter_*} format. */
  public static List<Signature> derive(AbiSnapshot snapshot) {
    Map<String, Signature> byName = new TreeMap<>();
    for (EventFormat format : snapshot.formats().values()) {
      if (!format.system().equals("syscalls") || !format.name().startsWith(ENTER)) {
        continue;
      }
      String syscall = format.name().substring(ENTER.length());
      List<Arg> args = new ArrayList<>();
      for (FormatField field : format.fields()) {
        if (field.common() || field.dataLoc() || field.name().equals("__syscall_nr")) {
          continue;
        }
        args.add(new Arg(field.name(), field.type(), BeautifierRules.argKind(syscall, field)));
      }
      byName.put(syscall, new Signature(syscall, BeautifierRules.returnKind(syscall), args));
    }
    return List.copyOf(byName.values());
  }

  /**
   * For each arch, its syscall-table names whose signature is under another format name (x86_64's
   * {@code fstat} is {@code newfstat}, {@code umount2} is {@code umount}, i386's {@code fstat64} is
   * {@code fstat}), so that the runtime looks each name up directly. The snapshot's tables carry
   * names, not entry points ({@code sys_newfstat}); the kernel's naming habits bridge the two:
   * another SYSCALL_DEFINE's name, a {@code new} prefix, a {@code 64} suffix dropped.
   */
  public static Map<String, Map<String, String>> formatNames(
      AbiSnapshot snapshot, List<Signature> signatures) {
    Set<String> formats = new HashSet<>();
    for (Signature s : signatures) {
      formats.add(s.name());
    }
    Map<String, Map<String, String>> byArch = new TreeMap<>();
    for (SyscallTableFacts table : snapshot.syscallTables().values()) {
      Map<String, String> renamed = new TreeMap<>();
      for (SyscallEntry e : table.entries()) {
        String format = formatOf(e.name(), formats);
        if (format != null && !format.equals(e.name())) {
          renamed.put(e.name(), format);
        }
      }
      byArch.put(table.arch(), Collections.unmodifiableMap(renamed));
    }
    return Collections.unmodifiableMap(byArch);
  }

  private static String formatOf(String syscall, Set<String> formats) {
    String other = OTHER_DEFINE.getOrDefault(syscall, syscall);
    if (formats.contains(other)) {
      return other;
    }
    if (formats.contains("new" + syscall)) {
      return "new" + syscall;
    }
    String without64 = syscall.endsWith("64") ? syscall.substring(0, syscall.length() - 2) : null;
    return without64 != null && formats.contains(without64) ? without64 : null;
  }
}
