package dev.jtrace.beauty.content;

import java.util.Objects;

/**
 * Which user memory of one syscall argument is copied, when, and how long it is.
 *
 * @param arg the argument (0-5) holding the pointer
 * @param kind the shape of the memory
 * @param phase when it is copied
 * @param elementSize bytes per element (1 for a byte buffer, the struct's size for a struct)
 * @param length where the element count comes from
 * @param lengthArg the argument holding (or pointing at) the count, or -1
 * @param maxElements an upper bound on the count (0: none but the capture's byte limit)
 * @param type what the renderer decodes: a UAPI struct tag as in the headers ({@code stat}, {@code
 *     pollfd}, {@code __kernel_timespec}), one of the renderer's own words for what no header lays
 *     out ({@code sockaddr}: by its family, {@code sigset}: a signal mask of {@code elementSize *
 *     count} bytes, {@code int}, {@code fd}, {@code wait_status}, {@code sched_param}, {@code
 *     dirent64}: getdents64's records, {@code envp}: a {@link ContentKind#STRING_ARRAY} shown as
 *     its count), or null for plain bytes
 * @param selectorArg the argument whose value must be {@code selectorValue} for the copy to be made
 *     (ioctl's {@code cmd}: {@code TCGETS}), or -1 when the copy is unconditional
 * @param selectorValue the value {@code selectorArg} must have, compared as unsigned 32 bits when
 *     it fits in them (ioctl's cmd is an unsigned int), else as 64 bits
 * @param through for memory a struct points at (msghdr's {@code msg_iov}), the pointer member of
 *     the struct argument {@code arg} points at; null when the argument itself is the pointer
 * @param lengthMember for {@link ContentLength#MEMBER}, the member of that struct holding the
 *     count; else null
 * @param element for memory an element of a struct array points at (sendmmsg's second message's
 *     {@code msg_iov}; the members' offsets include the element's), which element and what counts
 *     the array; else null
 * @param bytesMember for an iovec array copied at exit, the member bounding the bytes shown in all
 *     (recvmmsg's {@code msg_len}); null: the return value bounds them
 */
public record ContentSpec(
    int arg,
    ContentKind kind,
    CapturePhase phase,
    int elementSize,
    ContentLength length,
    int lengthArg,
    int maxElements,
    String type,
    int selectorArg,
    long selectorValue,
    Member through,
    Member lengthMember,
    Element element,
    Member bytesMember) {

  /**
   * A member of the struct an argument points at, from the arch's layout.
   *
   * @param name as in the header ({@code msg_iov})
   * @param offset bytes from the start of the struct
   * @param size bytes: 4 or 8
   */
  public record Member(String name, int offset, int size) {
    public Member {
      Objects.requireNonNull(name, "name");
      if (offset < 0 || (size != 4 && size != 8)) {
        throw new IllegalArgumentException(
            "member " + name + " at " + offset + " of " + size + " bytes: not a 4- or 8-byte word");
      }
    }
  }

  /**
   * An element of the struct array an argument points at.
   *
   * @param index from 0
   * @param countArg the argument holding the array's count, or -1: the return value (at exit)
   */
  public record Element(int index, int countArg) {
    public Element {
      if (index < 0 || countArg < -1 || countArg > 5) {
        throw new IllegalArgumentException(
            "element " + index + " counted by argument " + countArg + ": not an element");
      }
    }
  }

  public ContentSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(length, "length");
    if (arg < 0 || arg > 5) {
      throw new IllegalArgumentException("argument index " + arg + " is not 0-5");
    }
    if ((length == ContentLength.ARG || length == ContentLength.ARG_POINTEE)
        && (lengthArg < 0 || lengthArg > 5)) {
      throw new IllegalArgumentException("length " + length + " needs a length argument 0-5");
    }
    if (selectorArg < -1 || selectorArg > 5) {
      throw new IllegalArgumentException("selector argument " + selectorArg + " is not -1 or 0-5");
    }
    if (length == ContentLength.RETURN && phase != CapturePhase.EXIT) {
      throw new IllegalArgumentException("a length from the return value is known at exit only");
    }
    if ((length == ContentLength.MEMBER) != (lengthMember != null)) {
      throw new IllegalArgumentException("a length from a member needs that member, and only it");
    }
    if (through != null && kind != ContentKind.BYTES && kind != ContentKind.IOVEC) {
      throw new IllegalArgumentException("only bytes and iovecs are copied through a member");
    }
    if (element != null && through == null) {
      throw new IllegalArgumentException("an array element's copy goes through one of its members");
    }
    if (element != null && element.countArg() < 0 && phase != CapturePhase.EXIT) {
      throw new IllegalArgumentException("an array counted by the return value is known at exit");
    }
    if (bytesMember != null && (kind != ContentKind.IOVEC || phase != CapturePhase.EXIT)) {
      throw new IllegalArgumentException("only iovecs copied at exit are bounded by a member");
    }
  }

  /** Whether the copy is made for a call with these raw argument values. */
  public boolean selects(long[] args) {
    if (selectorArg < 0) {
      return true;
    }
    long v = args[selectorArg];
    return selectorValue == (selectorValue == (selectorValue & 0xffffffffL) ? v & 0xffffffffL : v);
  }

  /** A builder for argument {@code arg} of this kind: one element of one byte, at entry. */
  public static Builder builder(int arg, ContentKind kind) {
    return new Builder(arg, kind);
  }

  /** Builds a {@link ContentSpec}. */
  public static final class Builder {
    private final int arg;
    private final ContentKind kind;
    private CapturePhase phase = CapturePhase.ENTER;
    private int elementSize = 1;
    private ContentLength length = ContentLength.FIXED;
    private int lengthArg = -1;
    private int maxElements;
    private String type;
    private int selectorArg = -1;
    private long selectorValue;
    private Member through;
    private Member lengthMember;
    private Element element;
    private Member bytesMember;

    private Builder(int arg, ContentKind kind) {
      this.arg = arg;
      this.kind = kind;
    }

    public Builder phase(CapturePhase phase) {
      this.phase = phase;
      return this;
    }

    public Builder elementSize(int elementSize) {
      this.elementSize = elementSize;
      return this;
    }

    /** The count is argument {@code lengthArg}'s value ({@link ContentLength#ARG}). */
    public Builder lengthFromArg(int lengthArg) {
      this.length = ContentLength.ARG;
      this.lengthArg = lengthArg;
      return this;
    }

    /** The count is the u32 argument {@code lengthArg} points at. */
    public Builder lengthFromPointee(int lengthArg) {
      this.length = ContentLength.ARG_POINTEE;
      this.lengthArg = lengthArg;
      return this;
    }

    /** The count is the return value (implies {@link CapturePhase#EXIT}). */
    public Builder lengthFromReturn() {
      this.length = ContentLength.RETURN;
      this.lengthArg = -1;
      this.phase = CapturePhase.EXIT;
      return this;
    }

    public Builder maxElements(int maxElements) {
      this.maxElements = maxElements;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * The memory is what member {@code name} (a pointer of {@code size} bytes at {@code offset}) of
     * the struct the argument points at points at.
     */
    public Builder through(String name, int offset, int size) {
      this.through = new Member(name, offset, size);
      return this;
    }

    /** The count is member {@code name} of the struct the argument points at. */
    public Builder lengthFromMember(String name, int offset, int size) {
      this.length = ContentLength.MEMBER;
      this.lengthArg = -1;
      this.lengthMember = new Member(name, offset, size);
      return this;
    }

    /**
     * The memory goes through element {@code index} of the array the argument points at (the
     * members' offsets include it), copied only while the array's count, argument {@code
     * countArg}'s value (-1: the return value), exceeds the index.
     */
    public Builder element(int index, int countArg) {
      this.element = new Element(index, countArg);
      return this;
    }

    /** At exit, the bytes of all the iovecs shown are at most member {@code name}'s value. */
    public Builder bytesFromMember(String name, int offset, int size) {
      this.bytesMember = new Member(name, offset, size);
      return this;
    }

    /** Copy only when argument {@code selectorArg} has this value (ioctl's command). */
    public Builder when(int selectorArg, long selectorValue) {
      this.selectorArg = selectorArg;
      this.selectorValue = selectorValue;
      return this;
    }

    public ContentSpec build() {
      return new ContentSpec(
          arg,
          kind,
          phase,
          elementSize,
          length,
          lengthArg,
          maxElements,
          type,
          selectorArg,
          selectorValue,
          through,
          lengthMember,
          element,
          bytesMember);
    }
  }
}
