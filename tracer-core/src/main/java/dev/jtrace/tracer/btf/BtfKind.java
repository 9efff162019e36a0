package dev.jtrace.tracer.btf;

/**
 * The kinds of BTF type (linux/btf.h's BTF_KIND_*), in their numbering, with how many bytes of
 * trailing data each entry carries: a fixed part plus one record per {@code vlen}.
 */
enum BtfKind {
  VOID(0, 0),
  INT(4, 0),
  PTR(0, 0),
  ARRAY(12, 0),
  STRUCT(0, 12),
  UNION(0, 12),
  ENUM(0, 8),
  FWD(0, 0),
  TYPEDEF(0, 0),
  VOLATILE(0, 0),
  CONST(0, 0),
  RESTRICT(0, 0),
  FUNC(0, 0),
  FUNC_PROTO(0, 8),
  VAR(4, 0),
  DATASEC(0, 12),
  FLOAT(0, 0),
  DECL_TAG(4, 0),
  TYPE_TAG(0, 0),
  ENUM64(0, 12);

  private static final BtfKind[] BY_NUMBER = values();

  private final int fixedBytes;
  private final int bytesPerItem;

  BtfKind(int fixedBytes, int bytesPerItem) {
    this.fixedBytes = fixedBytes;
    this.bytesPerItem = bytesPerItem;
  }

  /** The kind of that number, or null when this reader does not know it. */
  static BtfKind of(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
  }

  /** Bytes after the 12-byte type header for an entry with vlen items. */
  int trailingBytes(int vlen) {
    return fixedBytes + bytesPerItem * vlen;
  }

  /** Kinds that only qualify or rename another type (followed to reach a struct). */
  boolean isModifier() {
    return this == TYPEDEF
        || this == VOLATILE
        || this == CONST
        || this == RESTRICT
        || this == TYPE_TAG;
  }
}
