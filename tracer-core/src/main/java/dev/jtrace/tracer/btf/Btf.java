package dev.jtrace.tracer.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A kernel's BTF in the raw format of {@code /sys/kernel/btf/vmlinux}: a header (magic 0xeB9F,
 * version 1, header length, then the offset and length of the type and the string sections, both
 * counted from the header's end), the types one after another (a 12-byte header: name offset, info
 * with kind, kind flag and vlen, then size or type; then the kind's trailing data), and the
 * NUL-separated names. Type ids count from 1 in file order (0 is void).
 *
 * <p>Every type is checked against the section bounds once, when the data is read: a damaged or
 * truncated file fails there with the byte offset, and the queries after it stay in bounds. Byte
 * order follows the magic (a big-endian kernel's BTF reads too).
 */
public final class Btf {
  /** The kernel's own BTF, where it exposes it. */
  public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

  private static final int MAGIC = 0xeb9f;
  private static final int HEADER_SIZE = 24;
  private static final int TYPE_HEADER = 12;
  private static final int MAX_MODIFIERS = 64;

  private final ByteBuffer data;
  private final String source;
  private final int stringsStart;
  private final int stringsEnd;

  /** Where each type's 12-byte header starts, by type id ({@code [0]}, void, unused). */
  private final int[] typeStarts;

  private Btf(ByteBuffer data, String source, int stringsStart, int stringsEnd, int[] typeStarts) {
    this.data = data;
    this.source = source;
    this.stringsStart = stringsStart;
    this.stringsEnd = stringsEnd;
    this.typeStarts = typeStarts;
  }

  /** Reads and checks a BTF file. */
  public static Btf read(Path file) throws IOException, BtfException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Checks and indexes BTF bytes.
   *
   * @param source how errors name the data (a path)
   */
  public static Btf parse(byte[] bytes, String source) throws BtfException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < HEADER_SIZE) {
      throw error(source, 0, "a 24-byte BTF header expected, the data has " + bytes.length);
    }
    int magic = b.getShort(0) & 0xffff;
    if (magic != MAGIC) {
      if (Short.reverseBytes((short) magic) != (short) MAGIC) {
        throw error(source, 0, String.format("BTF magic 0xeb9f expected, found 0x%04x", magic));
      }
      b.order(ByteOrder.BIG_ENDIAN);
    }
    if (bytes[2] != 1) {
      throw error(source, 2, "BTF version 1 expected, found " + (bytes[2] & 0xff));
    }
    long headerLength = Integer.toUnsignedLong(b.getInt(4));
    if (headerLength < HEADER_SIZE || headerLength > bytes.length) {
      throw error(source, 4, "header length " + headerLength + " outside 24.." + bytes.length);
    }
    int typesStart = section(source, b, 8, headerLength, "type");
    int typesEnd = typesStart + b.getInt(12);
    int stringsStart = section(source, b, 16, headerLength, "string");
    int stringsEnd = stringsStart + b.getInt(20);
    if (stringsEnd > stringsStart && bytes[stringsStart] != 0) {
      throw error(source, stringsStart, "the string section must start with an empty name");
    }
    int[] starts = new int[1 << 12];
    int count = 1;
    int pos = typesStart;
    while (pos < typesEnd) {
      if (typesEnd - pos < TYPE_HEADER) {
        throw error(
            source, pos, "type " + count + ": 12-byte type header cut at the section's end");
      }
      long nameOffset = Integer.toUnsignedLong(b.getInt(pos));
      int info = b.getInt(pos + 4);
      BtfKind kind = BtfKind.of((info >>> 24) & 0x1f);
      if (kind == null) {
        throw error(source, pos + 4, "type " + count + ": unknown kind " + ((info >>> 24) & 0x1f));
      }
      if (nameOffset >= Math.max(1, stringsEnd - stringsStart)) {
        throw error(source, pos, "type " + count + ": name offset " + nameOffset + " past names");
      }
      long end = (long) pos + TYPE_HEADER + kind.trailingBytes(info & 0xffff);
      if (end > typesEnd) {
        throw error(
            source, pos, "type " + count + " (" + kind + "): its data runs past the type section");
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = pos;
      pos = (int) end;
    }
    return new Btf(b, source, stringsStart, stringsEnd, Arrays.copyOf(starts, count));
  }

  /** A section's start, checked to lie (with its length) within the data. */
  private static int section(String source, ByteBuffer b, int at, long headerLength, String name)
      throws BtfException {
    long start = headerLength + Integer.toUnsignedLong(b.getInt(at));
    long length = Integer.toUnsignedLong(b.getInt(at + 4));
    if (start + length > b.capacity()) {
      throw error(
          source,
          at,
          name
              + " section "
              + start
              + "+"
              + length
              + " runs past the data's end ("
              + b.capacity()
              + " bytes)");
    }
    return (int) start;
  }

  private static BtfException error(String source, long offset, String what) {
    return new BtfException(source + ": at byte " + offset + ": " + what);
  }

  /** Types in the data, void included. */
  public int typeCount() {
    return typeStarts.length;
  }

  /**
   * The byte offset of a member in a struct, following a dotted path through nested structs and
   * unions (anonymous ones are looked into, as C does): {@code memberOffset("task_struct",
   * "thread_info.status")}.
   */
  public int memberOffset(String struct, String path) throws BtfException {
    long bits = memberBitOffset(struct, path);
    if (bits % 8 != 0) {
      throw new BtfException(
          source + ": " + struct + "." + path + " is a bit field (bit " + bits + ")");
    }
    return (int) (bits / 8);
  }

  /** As {@link #memberOffset}, in bits (bit fields included). */
  public long memberBitOffset(String struct, String path) throws BtfException {
    int type = findComposite(struct);
    long bits = 0;
    String where = struct;
    for (String name : path.split("\\.", -1)) {
      int composite = resolve(type);
      BtfKind kind = kind(composite);
      if (kind != BtfKind.STRUCT && kind != BtfKind.UNION) {
        throw new BtfException(source + ": " + where + " is no struct or union (" + kind + ")");
      }
      long[] found = findMember(composite, name, 0);
      if (found == null) {
        throw new BtfException(source + ": " + where + " has no member '" + name + "'");
      }
      bits += found[0];
      type = (int) found[1];
      where = where + "." + name;
    }
    return bits;
  }

  /**
   * The value of an enumerator of any enum ({@code ENUM} or {@code ENUM64}), or empty: constants
   * the kernel defines with {@code #define} are not in BTF.
   */
  public OptionalLong enumValue(String enumerator) throws BtfException {
    byte[] wanted = enumerator.getBytes(StandardCharsets.UTF_8);
    for (int id = 1; id < typeStarts.length; id++) {
      BtfKind kind = kind(id);
      if (kind != BtfKind.ENUM && kind != BtfKind.ENUM64) {
        continue;
      }
      int start = typeStarts[id];
      boolean signed = (info(id) & 0x80000000) != 0;
      int item = kind == BtfKind.ENUM ? 8 : 12;
      for (int i = 0; i < vlen(id); i++) {
        int at = start + TYPE_HEADER + item * i;
        if (!nameEquals(data.getInt(at), wanted, at)) {
          continue;
        }
        long low = data.getInt(at + 4);
        if (kind == BtfKind.ENUM) {
          return OptionalLong.of(signed ? low : low & 0xffffffffL);
        }
        return OptionalLong.of((low & 0xffffffffL) | ((long) data.getInt(at + 8) << 32));
      }
    }
    return OptionalLong.empty();
  }

  /**
   * The type ids of the named kernel functions ({@code FUNC} entries) that this BTF describes, by
   * name; a name without one is absent from the map (the kernel cannot attach a tracing program to
   * it). One pass over the types for all names.
   */
  public Map<String, Integer> functionIds(Collection<String> names) throws BtfException {
    return namedIds(BtfKind.FUNC, names);
  }

  /**
   * As {@link #functionIds} for typedefs: a tracepoint's {@code btf_trace_NAME}, which a tp_btf
   * program is bound to.
   */
  public Map<String, Integer> typedefIds(Collection<String> names) throws BtfException {
    return namedIds(BtfKind.TYPEDEF, names);
  }

  private Map<String, Integer> namedIds(BtfKind wantedKind, Collection<String> names)
      throws BtfException {
    Map<String, byte[]> wanted = new HashMap<>();
    for (String n : names) {
      wanted.put(n, n.getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Integer> found = new LinkedHashMap<>();
    for (int id = 1; id < typeStarts.length && found.size() < wanted.size(); id++) {
      if (kind(id) != wantedKind) {
        continue;
      }
      int nameOffset = data.getInt(typeStarts[id]);
      for (Map.Entry<String, byte[]> w : wanted.entrySet()) {
        if (!found.containsKey(w.getKey())
            && nameEquals(nameOffset, w.getValue(), typeStarts[id])) {
          found.put(w.getKey(), id);
          break;
        }
      }
    }
    return found;
  }

  /**
   * The members of a BTF-style map definition ({@code struct { __uint(type, 4); __type(key, int); }
   * name SEC(".maps")}), the variable found by name: each {@code __uint(m, N)} member (a pointer to
   * an array of N ints) as N, each {@code __type(m, T)} member (a pointer to T) as T's size in
   * bytes, by member name in declaration order.
   */
  public Map<String, Long> mapDefinition(String variable) throws BtfException {
    byte[] wanted = variable.getBytes(StandardCharsets.UTF_8);
    for (int id = 1; id < typeStarts.length; id++) {
      if (kind(id) == BtfKind.VAR
          && nameEquals(data.getInt(typeStarts[id]), wanted, typeStarts[id])) {
        int struct = resolve(typeId(data.getInt(typeStarts[id] + 8), typeStarts[id] + 8));
        if (kind(struct) != BtfKind.STRUCT) {
          throw new BtfException(
              source + ": map " + variable + " is no struct (" + kind(struct) + ")");
        }
        Map<String, Long> members = new LinkedHashMap<>();
        int start = typeStarts[struct];
        for (int i = 0; i < vlen(struct); i++) {
          int at = start + TYPE_HEADER + 12 * i;
          String name = name(data.getInt(at), at);
          int member = resolve(typeId(data.getInt(at + 4), at + 4));
          if (kind(member) != BtfKind.PTR) {
            throw new BtfException(
                source
                    + ": map "
                    + variable
                    + " member "
                    + name
                    + " is no __uint or __type (a "
                    + kind(member)
                    + ")");
          }
          int pointee =
              resolve(typeId(data.getInt(typeStarts[member] + 8), typeStarts[member] + 8));
          members.put(
              name,
              kind(pointee) == BtfKind.ARRAY
                  ? Integer.toUnsignedLong(data.getInt(typeStarts[pointee] + TYPE_HEADER + 8))
                  : size(pointee, 0));
        }
        return members;
      }
    }
    throw new BtfException(source + ": no variable '" + variable + "' in the BTF");
  }

  /** A type's size in bytes (typedefs and qualifiers followed, arrays multiplied out). */
  private long size(int type, int depth) throws BtfException {
    if (depth > MAX_MODIFIERS) {
      throw new BtfException(source + ": type " + type + " nests without end");
    }
    int t = resolve(type);
    return switch (kind(t)) {
      case INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC ->
          Integer.toUnsignedLong(data.getInt(typeStarts[t] + 8));
      case PTR -> 8;
      case ARRAY ->
          Integer.toUnsignedLong(data.getInt(typeStarts[t] + TYPE_HEADER + 8))
              * size(
                  typeId(data.getInt(typeStarts[t] + TYPE_HEADER), typeStarts[t] + 12), depth + 1);
      default -> throw new BtfException(source + ": type " + t + " (" + kind(t) + ") has no size");
    };
  }

  /** The name at this string offset. */
  private String name(int nameOffset, int at) throws BtfException {
    long start = stringsStart + Integer.toUnsignedLong(nameOffset);
    if (start >= stringsEnd) {
      throw error(
          source, at, "name offset " + Integer.toUnsignedString(nameOffset) + " past names");
    }
    int end = (int) start;
    while (end < stringsEnd && data.get(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - (int) start];
    data.get((int) start, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The first struct or union of that name that has members (not a forward declaration). */
  private int findComposite(String name) throws BtfException {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int id = 1; id < typeStarts.length; id++) {
      BtfKind kind = kind(id);
      if ((kind == BtfKind.STRUCT || kind == BtfKind.UNION)
          && nameEquals(data.getInt(typeStarts[id]), wanted, typeStarts[id])) {
        return id;
      }
    }
    throw new BtfException(source + ": no struct or union '" + name + "'");
  }

  /**
   * The member's {bit offset, type id} in composite, looking into anonymous struct and union
   * members; null when absent.
   */
  private long[] findMember(int composite, String name, int depth) throws BtfException {
    if (depth > MAX_MODIFIERS) {
      throw new BtfException(source + ": type " + composite + " nests without end");
    }
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    boolean bitfields = (info(composite) & 0x80000000) != 0;
    int start = typeStarts[composite];
    for (int i = 0; i < vlen(composite); i++) {
      int at = start + TYPE_HEADER + 12 * i;
      int nameOffset = data.getInt(at);
      int type = typeId(data.getInt(at + 4), at + 4);
      long offset = Integer.toUnsignedLong(data.getInt(at + 8));
      long bits = bitfields ? offset & 0xffffff : offset;
      if (nameOffset == 0) {
        int inner = resolve(type);
        BtfKind kind = kind(inner);
        if (kind == BtfKind.STRUCT || kind == BtfKind.UNION) {
          long[] found = findMember(inner, name, depth + 1);
          if (found != null) {
            return new long[] {bits + found[0], found[1]};
          }
        }
      } else if (nameEquals(nameOffset, wanted, at)) {
        return new long[] {bits, type};
      }
    }
    return null;
  }

  /** Follows typedefs and qualifiers to the type they name. */
  private int resolve(int type) throws BtfException {
    for (int i = 0; i < MAX_MODIFIERS; i++) {
      if (type == 0 || !kind(type).isModifier()) {
        return type;
      }
      type = typeId(data.getInt(typeStarts[type] + 8), typeStarts[type] + 8);
    }
    throw new BtfException(source + ": type " + type + ": a loop of typedefs or qualifiers");
  }

  private int typeId(int id, int at) throws BtfException {
    if (id < 0 || id >= typeStarts.length) {
      throw error(source, at, "type id " + Integer.toUnsignedString(id) + " past the last type");
    }
    return id;
  }

  private int info(int id) {
    return data.getInt(typeStarts[id] + 4);
  }

  private BtfKind kind(int id) {
    return id == 0 ? BtfKind.VOID : BtfKind.of((info(id) >>> 24) & 0x1f);
  }

  private int vlen(int id) {
    return info(id) & 0xffff;
  }

  /** Whether the name at that string offset is exactly wanted; a name without its NUL fails. */
  private boolean nameEquals(int nameOffset, byte[] wanted, int at) throws BtfException {
    long start = stringsStart + Integer.toUnsignedLong(nameOffset);
    if (start >= stringsEnd) {
      throw error(
          source, at, "name offset " + Integer.toUnsignedString(nameOffset) + " past names");
    }
    if (start + wanted.length >= stringsEnd) {
      return false;
    }
    int s = (int) start;
    for (int i = 0; i < wanted.length; i++) {
      if (data.get(s + i) != wanted[i]) {
        return false;
      }
    }
    return data.get(s + wanted.length) == 0;
  }
}
