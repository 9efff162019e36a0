package dev.jtrace.beauty.content;

import java.nio.ByteBuffer;

/** A {@link CapturedContent} a test builds from bytes a real program wrote. */
record Copied(ContentSpec spec, Status status, ByteBuffer bytes) implements CapturedContent {
  static Copied ok(ContentSpec spec, byte[] bytes) {
    return new Copied(spec, Status.OK, ByteBuffer.wrap(bytes));
  }

  static Copied cut(ContentSpec spec, byte[] bytes) {
    return new Copied(spec, Status.CUT, ByteBuffer.wrap(bytes));
  }

  static Copied failed(ContentSpec spec, Status status) {
    return new Copied(spec, status, ByteBuffer.allocate(0));
  }
}
