package dev.jtrace.beauty.content;

import java.nio.ByteBuffer;

/**
 * The copied memory of one {@link ContentSpec} of one call (for {@link ContentKind#IOVEC} and
 * {@link ContentKind#STRING_ARRAY}: of one element, the capture giving one per element in order).
 */
public interface CapturedContent {
  /** How the copy went. */
  enum Status {
    /** Copied whole. */
    OK,
    /** Longer than the limit: the first bytes were copied. */
    CUT,
    /** Unreadable memory (EFAULT): the pointer prints, marked. */
    FAULT,
    /** Copied, but its record was lost on the way: the pointer prints, marked. */
    LOST
  }

  ContentSpec spec();

  Status status();

  /**
   * The bytes copied, position 0 to limit, in the traced arch's byte order; empty for FAULT and
   * LOST.
   */
  ByteBuffer bytes();

  /**
   * The element's own length when the capture knows it (an iovec's {@code iov_len}, which a copy at
   * exit stops short of at the call's return), else -1.
   */
  default long length() {
    return -1;
  }
}
