package dev.jtrace.generator.contents;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.ArchLayouts;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructMember;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.generator.signatures.SignatureModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per arch and syscall, the copies of its arguments' user memory: {@link ContentRules} where they
 * say, else the tracefs type ({@code const char *} a string at entry; a pointer to a struct the
 * arch's layouts have: one struct, in when const, out otherwise). Plus, per arch, the layouts the
 * renderer needs: every struct a copy names, what those nest, and the socket addresses a {@code
 * sockaddr} may be.
 */
public final class ContentModel {
  /**
   * One arch's copies and layouts.
   *
   * @param bySyscall syscall-table name to its copies, sorted; syscalls without copies are absent
   * @param layouts {@code struct TAG} / {@code union TAG} to its layout, sorted
   */
  public record ArchContents(
      String arch,
      Map<String, List<ContentSpec>> bySyscall,
      Map<String, StructLayoutFact> layouts) {}

  private static final Pattern STRUCT_POINTER =
      Pattern.compile("(const )?struct (\\w+) \\*(const )?");

  /** What a {@code sockaddr}'s family makes of it, and what the renderer decodes besides. */
  private static final List<String> RENDERER_STRUCTS =
      List.of(
          "sockaddr_in",
          "sockaddr_in6",
          "sockaddr_un",
          "sockaddr_nl",
          "sockaddr_ll",
          "iovec",
          "cmsghdr");

  /** The kernel arch directory whose asm/ioctls.h an arch reads. */
  private static final Map<String, String> ARCH_DIRS =
      Map.of(
          "x86_64", "x86",
          "i386", "x86",
          "arm64", "arm64",
          "arm", "arm",
          "riscv64", "riscv",
          "powerpc64", "powerpc",
          "s390x", "s390",
          "mips64", "mips");

  /**
   * 32-bit arches' stat64 family: no tracefs format of x86_64 has their names, the new* ones have
   * their arguments (and {@link #copies} makes the struct a stat64).
   */
  private static final Map<String, String> STAT64_FORMATS =
      Map.of(
          "stat64", "newstat",
          "lstat64", "newlstat",
          "fstat64", "newfstat",
          "fstatat64", "newfstatat");

  /**
   * On a 32-bit arch the syscalls without a {@code time64} name take the old 32-bit time structs,
   * which are the arch's own {@code timespec} and {@code itimerspec}.
   */
  private static final Map<String, String> OLD_TIME_STRUCTS =
      Map.of("__kernel_timespec", "timespec", "__kernel_itimerspec", "itimerspec");

  private ContentModel() {}

  /** Every arch that has both a syscall table and layouts, sorted by name. */
  public static List<ArchContents> derive(
      AbiSnapshot snapshot,
      List<SignatureModel.Signature> signatures,
      Map<String, Map<String, String>> formatNames) {
    Map<String, SignatureModel.Signature> byFormat = new HashMap<>();
    signatures.forEach(s -> byFormat.put(s.name(), s));
    List<ArchContents> out = new ArrayList<>();
    for (ArchLayouts layouts : snapshot.layouts().values()) {
      SyscallTableFacts table = snapshot.syscallTables().get(layouts.arch());
      if (table == null) {
        continue;
      }
      Map<String, StructLayoutFact> structs = new HashMap<>();
      layouts.structs().forEach(s -> structs.put(s.key(), s));
      Map<String, String> renamed = formatNames.getOrDefault(layouts.arch(), Map.of());
      Map<String, List<ContentSpec>> bySyscall = new TreeMap<>();
      TreeSet<String> used = new TreeSet<>();
      for (SyscallEntry e : table.entries()) {
        String format = renamed.getOrDefault(e.name(), e.name());
        if (!byFormat.containsKey(format)) {
          format = STAT64_FORMATS.getOrDefault(e.name(), format);
        }
        SignatureModel.Signature sig = byFormat.get(format);
        if (sig == null) {
          continue;
        }
        List<ContentSpec> specs = new ArrayList<>();
        for (int i = 0; i < sig.args().size(); i++) {
          SignatureModel.Arg a = sig.args().get(i);
          for (ContentRules.Copy c : copies(sig.name(), a, structs)) {
            ContentSpec spec = spec(snapshot, layouts.arch(), e.name(), sig, i, c, structs);
            if (spec != null) {
              specs.add(spec);
              if (spec.type() != null && structs.containsKey("struct " + spec.type())) {
                used.add("struct " + spec.type());
              }
            }
          }
        }
        if (!specs.isEmpty()) {
          bySyscall.put(e.name(), List.copyOf(specs));
        }
      }
      RENDERER_STRUCTS.forEach(t -> used.add("struct " + t));
      out.add(new ArchContents(layouts.arch(), bySyscall, closure(used, structs)));
    }
    return out;
  }

  /** The argument's copies: its rules, else what its type says (none when it says nothing). */
  private static List<ContentRules.Copy> copies(
      String format, SignatureModel.Arg a, Map<String, StructLayoutFact> structs) {
    List<ContentRules.Copy> explicit = ContentRules.of(format).get(a.name());
    if (explicit != null) {
      return explicit;
    }
    String type = a.type().strip();
    // the strings the renderer prints: const char *, and the char * formats the kernel did not
    // mark const (mount's, utime's, sethostname's) that the signatures call paths or strings
    if (type.equals("const char *")
        || (type.equals("char *")
            && (a.kind() == ArgKind.FILENAME || a.kind() == ArgKind.STRING))) {
      return List.of(ContentRules.stringOf(a.name()));
    }
    Matcher m = STRUCT_POINTER.matcher(type);
    if (m.matches() && !m.group(2).equals("sockaddr")) {
      String tag = m.group(2);
      if (tag.equals("stat") || structs.containsKey("struct " + tag)) {
        return List.of(ContentRules.structOf(a.name(), tag, m.group(1) != null));
      }
    }
    return List.of();
  }

  /**
   * The struct a syscall of this arch really takes where the x86_64 format names another: i386's
   * and arm's stat64 family fill struct stat64; their syscalls without a 64 in the name take the
   * old 32-bit time structs.
   */
  private static String archType(
      String type, String syscall, Map<String, StructLayoutFact> structs) {
    if (type == null || syscall.endsWith("64") && !syscall.contains("stat")) {
      return type;
    }
    if (type.equals("stat") && syscall.endsWith("64") && structs.containsKey("struct stat64")) {
      return "stat64";
    }
    StructLayoutFact sigaction = structs.get("struct sigaction");
    if (type.equals("sigaction")
        && syscall.equals("rt_sigaction")
        && sigaction != null
        && sigaction.members().stream().anyMatch(m -> m.name().startsWith("_u."))) {
      // i386's and arm's UAPI struct sigaction is the old sigaction()'s; rt_sigaction takes the
      // kernel's own, which no UAPI header declares: the renderer lays it out (kernel_sigaction).
      return "kernel_sigaction";
    }
    StructLayoutFact timespec = structs.get("struct timespec");
    if (OLD_TIME_STRUCTS.containsKey(type) && timespec != null && timespec.size() == 8) {
      return OLD_TIME_STRUCTS.get(type);
    }
    return type;
  }

  private static ContentSpec spec(
      AbiSnapshot snapshot,
      String arch,
      String syscall,
      SignatureModel.Signature sig,
      int arg,
      ContentRules.Copy raw,
      Map<String, StructLayoutFact> structs) {
    ContentRules.Copy c = raw.typed(archType(raw.type(), syscall, structs));
    int elementSize = c.elementSize();
    if (c.kind() == ContentKind.IOVEC) {
      elementSize = (int) structs.get("struct iovec").size();
    } else if (c.kind() == ContentKind.STRING_ARRAY) {
      elementSize = (int) structs.get("struct iovec").size() / 2; // a pointer
    } else if ("kernel_sigaction".equals(c.type())) {
      // handler, flags, restorer: a word each; then a 64-signal mask
      elementSize = (int) structs.get("struct iovec").size() / 2 * 3 + 8;
    } else if (elementSize == 0) {
      StructLayoutFact s = structs.get("struct " + c.type());
      if (s == null) {
        return null; // the arch has no such struct (none of its syscalls takes it)
      }
      elementSize = (int) s.size();
    }
    ContentSpec.Builder b =
        ContentSpec.builder(arg, c.kind()).phase(c.phase()).elementSize(elementSize).type(c.type());
    switch (c.length()) {
      case ARG -> b.lengthFromArg(argIndex(sig, c.lengthArg()));
      case ARG_POINTEE -> b.lengthFromPointee(argIndex(sig, c.lengthArg()));
      case RETURN -> b.lengthFromReturn();
      case FIXED -> b.maxElements(c.kind() == ContentKind.BYTES ? c.fixedCount() : 0);
      case MEMBER -> {
        ContentSpec.Member m =
            member(structs, c.container(), c.element(), c.lengthMember(), syscall);
        b.lengthFromMember(m.name(), m.offset(), m.size());
      }
    }
    if (c.through() != null) {
      ContentSpec.Member m = member(structs, c.container(), c.element(), c.through(), syscall);
      b.through(m.name(), m.offset(), m.size());
    }
    if (c.element() >= 0) {
      b.element(c.element(), c.elementCount() == null ? -1 : argIndex(sig, c.elementCount()));
    }
    if (c.bytesMember() != null) {
      ContentSpec.Member m = member(structs, c.container(), c.element(), c.bytesMember(), syscall);
      b.bytesFromMember(m.name(), m.offset(), m.size());
    }
    if (c.selector() != null) {
      OptionalLong value = selectorValue(snapshot, arch, c.selector());
      if (value.isEmpty()) {
        return null;
      }
      b.when(argIndex(sig, c.selectorArg()), value.getAsLong());
    }
    return b.build();
  }

  /**
   * A word member of the arch's struct tag, by name: a dotted name reaches into nested structs
   * ({@code msg_hdr.msg_iov}); of element {@code element} of an array of the struct when not -1
   * (its offset from the array's start, its name prefixed {@code [element].}).
   */
  private static ContentSpec.Member member(
      Map<String, StructLayoutFact> structs, String tag, int element, String name, String syscall) {
    StructLayoutFact s = structs.get("struct " + tag);
    if (s == null) {
      throw new IllegalArgumentException(
          syscall + ": a content rule names struct " + tag + ", which the layouts lack");
    }
    long offset = element < 0 ? 0 : element * s.size();
    StructLayoutFact in = s;
    String[] path = name.split("\\.");
    for (int i = 0; i < path.length; i++) {
      StructMember found = null;
      for (StructMember m : in.members()) {
        if (m.name().equals(path[i])) {
          found = m;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            syscall + ": a content rule names member " + name + ", which struct " + tag + " lacks");
      }
      offset += found.offset();
      if (i == path.length - 1) {
        return new ContentSpec.Member(
            element < 0 ? name : "[" + element + "]." + name, (int) offset, (int) found.size());
      }
      in = structs.get(found.type());
      if (in == null) {
        throw new IllegalArgumentException(
            syscall + ": member " + path[i] + " of " + name + " is no struct the layouts have");
      }
    }
    throw new IllegalArgumentException(syscall + ": an empty member name");
  }

  private static int argIndex(SignatureModel.Signature sig, String name) {
    for (int i = 0; i < sig.args().size(); i++) {
      if (sig.args().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        sig.name() + ": a content rule names argument '" + name + "', which its format lacks");
  }

  /**
   * A selector's value: an ioctl command of the arch ({@link #ioctlValue}), else the define of that
   * name in the first header that has one, in path order (prctl's PR_SET_NAME).
   */
  static OptionalLong selectorValue(AbiSnapshot snapshot, String arch, String name) {
    OptionalLong ioctl = ioctlValue(snapshot, arch, name);
    if (ioctl.isPresent()) {
      return ioctl;
    }
    for (String path : new java.util.TreeSet<>(snapshot.headers().keySet())) {
      for (Define d : snapshot.headers().get(path).defines()) {
        if (d.name().equals(name) && d.value().isPresent()) {
          return d.value();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** An ioctl command of the arch's asm/ioctls.h, or of asm-generic's when the arch has none. */
  static OptionalLong ioctlValue(AbiSnapshot snapshot, String arch, String name) {
    for (String path :
        List.of(
            "arch/" + ARCH_DIRS.getOrDefault(arch, arch) + "/include/uapi/asm/ioctls.h",
            "include/uapi/asm-generic/ioctls.h")) {
      HeaderFacts h = snapshot.headers().get(path);
      if (h == null) {
        continue;
      }
      for (Define d : h.defines()) {
        if (d.name().equals(name)) {
          return d.value();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The structs named and everything they nest, sorted. */
  private static Map<String, StructLayoutFact> closure(
      TreeSet<String> roots, Map<String, StructLayoutFact> structs) {
    Map<String, StructLayoutFact> out = new TreeMap<>();
    Deque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      String key = work.removeFirst();
      StructLayoutFact s = structs.get(key);
      if (s == null || out.containsKey(key)) {
        continue;
      }
      out.put(key, s);
      for (StructMember m : s.members()) {
        String t = m.type();
        int bracket = t.indexOf('[');
        String element = bracket < 0 ? t : t.substring(0, bracket);
        if (element.startsWith("struct ") || element.startsWith("union ")) {
          work.add(element);
        }
      }
    }
    return out;
  }
}
