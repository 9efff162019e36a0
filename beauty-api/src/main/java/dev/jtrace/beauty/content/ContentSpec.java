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
 *     sockaddr}, {@code pollfd}), or null for plain bytes
 */
public record ContentSpec(
    int arg,
    ContentKind kind,
    CapturePhase phase,
    int elementSize,
    ContentLength length,
    int lengthArg,
    int maxElements,
    String type) {

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
    if (length == ContentLength.RETURN && phase != CapturePhase.EXIT) {
      throw new IllegalArgumentException("a length from the return value is known at exit only");
    }
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

    public ContentSpec build() {
      return new ContentSpec(arg, kind, phase, elementSize, length, lengthArg, maxElements, type);
    }
  }
}
