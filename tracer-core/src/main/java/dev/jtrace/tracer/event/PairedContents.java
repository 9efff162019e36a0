package dev.jtrace.tracer.event;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.content.CapturedContent;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.tracer.bpf.PairedLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The content blocks of one paired record (see {@link PairedLayout}), kept as the copied bytes and
 * read when asked: as strings for the argument renderers (a string, or a plain buffer as a byte
 * string) and as {@link CapturedContent}s for the struct renderers. A block read again at exit
 * replaces the entry's {@link PairedLayout#RETRY} block of the same content.
 */
public final class PairedContents implements CapturedMemory {
  private final List<ContentSpec> specs;
  private final byte[] blocks;

  /**
   * @param specs the syscall's content list (block indexes are positions in it)
   * @param blocks the record's bytes from the first block to its end
   */
  public PairedContents(List<ContentSpec> specs, byte[] blocks) {
    this.specs = specs;
    this.blocks = blocks;
  }

  private int u8(int off) {
    return blocks[off] & 0xff;
  }

  private int u32(int off) {
    return (blocks[off] & 0xff)
        | (blocks[off + 1] & 0xff) << 8
        | (blocks[off + 2] & 0xff) << 16
        | (blocks[off + 3] & 0xff) << 24;
  }

  /** The offset of the last block of content index, or -1. */
  private int lastBlock(int index) {
    int found = -1;
    for (int off = 0; off + PairedLayout.BLOCK_HEADER <= blocks.length; ) {
      int length = u32(off + 4);
      if (length < 0 || off + PairedLayout.BLOCK_HEADER + length > blocks.length) {
        break;
      }
      if (u8(off) == index) {
        found = off;
      }
      off += PairedLayout.blockSize(length);
    }
    return found;
  }

  /** The block shown for argument argIndex: a string or a plain buffer, or -1. */
  private int shownBlock(int argIndex) {
    for (int i = 0; i < specs.size(); i++) {
      ContentSpec s = specs.get(i);
      if (s.arg() == argIndex
          && (s.kind() == ContentKind.STRING
              || (s.kind() == ContentKind.BYTES && s.type() == null))) {
        return lastBlock(i);
      }
    }
    return -1;
  }

  @Override
  public String string(int argIndex) {
    int off = shownBlock(argIndex);
    if (off < 0) {
      return null;
    }
    int status = u8(off + 1);
    if (status != PairedLayout.OK && status != PairedLayout.CUT) {
      return null;
    }
    int length = u32(off + 4);
    boolean string = specs.get(u8(off)).kind() == ContentKind.STRING;
    int shown = string ? Math.max(0, length - 1) : length; // a string's copy ends with its NUL
    return ByteText.of(blocks, off + PairedLayout.BLOCK_HEADER, shown);
  }

  @Override
  public boolean cut(int argIndex) {
    int off = shownBlock(argIndex);
    return off >= 0 && u8(off + 1) == PairedLayout.CUT;
  }

  @Override
  public boolean faulted(int argIndex) {
    int off = shownBlock(argIndex);
    return off >= 0 && u8(off + 1) == PairedLayout.FAULT;
  }

  /** Every content copied, in list order, each as its last block says (none for absent ones). */
  public List<CapturedContent> contents() {
    List<CapturedContent> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      int off = lastBlock(i);
      if (off < 0 || u8(off + 1) == PairedLayout.RETRY) {
        continue;
      }
      CapturedContent.Status status =
          switch (u8(off + 1)) {
            case PairedLayout.CUT -> CapturedContent.Status.CUT;
            case PairedLayout.FAULT -> CapturedContent.Status.FAULT;
            default -> CapturedContent.Status.OK;
          };
      ByteBuffer bytes =
          ByteBuffer.wrap(blocks, off + PairedLayout.BLOCK_HEADER, u32(off + 4))
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
      out.add(new Copied(specs.get(i), status, bytes));
    }
    return out;
  }

  private record Copied(ContentSpec spec, Status status, ByteBuffer bytes)
      implements CapturedContent {}
}
