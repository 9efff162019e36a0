package dev.jtrace.generator.signatures;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Derives every syscall's signature from the snapshot's enter formats. */
public final class SignatureModel {
  /** One argument: name, C type, and the ArgKind constant it renders with. */
  public record Arg(String name, String type, String kind) {}

  /** One syscall, by the name its format file uses. */
  public record Signature(String name, String returnKind, List<Arg> args) {
    public Signature {
      args = List.copyOf(args);
    }
  }

  private static final String ENTER = "sys_enter_";

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
}
