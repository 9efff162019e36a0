package dev.jtrace.tracer.event;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.CapturedContent;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.PairedLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The content blocks of one paired record (see {@link PairedLayout}), kept as the copied bytes and
 * read when asked: as strings for the argument renderers (a string, or a plain buffer as a byte
 * string) and as {@link CapturedContent}s for the {@link ContentRenderer} (structs, arrays, iovecs,
 * argv). A block read again at exit replaces the entry's {@link PairedLayout#RETRY} block of the
 * same content; an iovec or argv has one block per element, in order.
 */
public final class PairedContents implements CapturedMemory {
  private static final int[] NO_FDS = new int[0];
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final List<ContentSpec> specs;
  private final byte[] blocks;
  private final ContentRenderer renderer;

  /**
   * @param specs the syscall's content list (block indexes are positions in it)
   * @param blocks the record's bytes from the first block to its end
   * @param renderer decodes the structured copies (the capture's arch and string limit)
   */
  public PairedContents(List<ContentSpec> specs, byte[] blocks, ContentRenderer renderer) {
    this.specs = specs;
    this.blocks = blocks;
    this.renderer = renderer;
  }

  @Override
  public ContentRenderer renderer() {
    return renderer;
  }

  /** Whether a copy is decoded by the renderer, not shown by {@link #string}. */
  private static boolean structured(ContentSpec s) {
    return s.kind() == ContentKind.IOVEC
        || s.kind() == ContentKind.STRING_ARRAY
        || (s.kind() == ContentKind.BYTES && s.type() != null);
  }

  @Override
  public boolean copiedAtEntryAndExit() {
    for (int i = 0; i < specs.size(); i++) {
      ContentSpec s = specs.get(i);
      if (s.phase() != CapturePhase.ENTER) {
        continue;
      }
      for (int j = 0; j < specs.size(); j++) {
        if (j != i && specs.get(j).arg() == s.arg() && specs.get(j).phase() == CapturePhase.EXIT) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Bit i: argument i has a struct, array, iovec or argv copy at entry (bits 0-7) or at exit (bits
   * 8-15); -1 until worked out. The printers ask for each argument and phase, mostly of calls with
   * none.
   */
  private int structuredArgs = -1;

  private int structuredArgs() {
    int mask = structuredArgs;
    if (mask < 0) {
      mask = 0;
      for (int i = 0; i < specs.size(); i++) {
        ContentSpec s = specs.get(i);
        if (structured(s) && s.arg() >= 0 && s.arg() < 8) {
          mask |= 1 << (s.arg() + (s.phase() == CapturePhase.EXIT ? 8 : 0));
        }
      }
      structuredArgs = mask;
    }
    return mask;
  }

  @Override
  public List<CapturedContent> contents(int argIndex, CapturePhase phase) {
    if (argIndex >= 0
        && argIndex < 8
        && (structuredArgs() & (1 << (argIndex + (phase == CapturePhase.EXIT ? 8 : 0)))) == 0) {
      return List.of();
    }
    List<CapturedContent> out = null;
    for (int i = 0; i < specs.size(); i++) {
      ContentSpec s = specs.get(i);
      if (s.arg() == argIndex && s.phase() == phase && structured(s)) {
        out = blocksOf(i, out);
      }
    }
    return out == null ? List.of() : out;
  }

  /**
   * Adds content index's copied blocks (each element's, in order) to out (made when needed). A
   * {@link PairedLayout#RETRY} block ends what was read at entry: the blocks read at exit replace
   * those before it.
   */
  private List<CapturedContent> blocksOf(int index, List<CapturedContent> out) {
    int first = out == null ? 0 : out.size();
    for (int off = 0; off + PairedLayout.BLOCK_HEADER <= blocks.length; ) {
      int length = u32(off + 4);
      if (length < 0 || off + PairedLayout.BLOCK_HEADER + length > blocks.length) {
        break;
      }
      if (u8(off) == index) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        if (u8(off + 1) == PairedLayout.RETRY) {
          out.subList(first, out.size()).clear();
        } else if (ContentPlan.countOnly(specs.get(index)) && length == 4) {
          // envp: its count, as that many (empty) entries
          CapturedContent entry = new Copied(specs.get(index), CapturedContent.Status.OK, EMPTY);
          for (int n = Math.min(u32(off + PairedLayout.BLOCK_HEADER), ContentPlan.MAX_ENVP);
              n > 0;
              n--) {
            out.add(entry);
          }
        } else {
          out.add(copied(off));
        }
      }
      off += PairedLayout.blockSize(length);
    }
    return out;
  }

  private CapturedContent copied(int off) {
    CapturedContent.Status status =
        switch (u8(off + 1)) {
          case PairedLayout.CUT -> CapturedContent.Status.CUT;
          case PairedLayout.FAULT -> CapturedContent.Status.FAULT;
          default -> CapturedContent.Status.OK;
        };
    ContentSpec spec = specs.get(u8(off));
    int data = off + PairedLayout.BLOCK_HEADER;
    int length = u32(off + 4);
    long elementLength = -1;
    if (spec.kind() == ContentKind.IOVEC && length >= PairedLayout.IOV_LENGTH) {
      elementLength = (u32(data) & 0xffffffffL) | (long) u32(data + 4) << 32;
      data += PairedLayout.IOV_LENGTH;
      length -= PairedLayout.IOV_LENGTH;
    }
    ByteBuffer bytes = ByteBuffer.wrap(blocks, data, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new Copied(spec, status, bytes, elementLength);
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

  /**
   * The fds the call wrote into user memory (pipe's, pipe2's, socketpair's pair, as {@link
   * ContentRenderer#fds} reads them), empty when none were copied.
   */
  public int[] newFds() {
    for (int i = 0; i < specs.size(); i++) {
      ContentSpec s = specs.get(i);
      if (s.phase() == CapturePhase.EXIT && "fd".equals(s.type())) {
        int off = lastBlock(i);
        if (off >= 0) {
          return renderer.fds(copied(off));
        }
      }
    }
    return NO_FDS;
  }

  /**
   * The fds the call received in SCM_RIGHTS control messages written back at its exit (recvmsg's,
   * as {@link ContentRenderer#receivedFds} reads them), empty when none were copied.
   */
  public int[] receivedFds() {
    for (int i = 0; i < specs.size(); i++) {
      ContentSpec s = specs.get(i);
      if (s.phase() == CapturePhase.EXIT && "cmsg".equals(s.type())) {
        int off = lastBlock(i);
        if (off >= 0) {
          return renderer.receivedFds(copied(off));
        }
      }
    }
    return NO_FDS;
  }

  /** Every content copied, in list order, each as its last block says (none for absent ones). */
  public List<CapturedContent> contents() {
    List<CapturedContent> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      int off = lastBlock(i);
      if (off >= 0 && u8(off + 1) != PairedLayout.RETRY) {
        out.add(copied(off));
      }
    }
    return out;
  }

  private record Copied(ContentSpec spec, Status status, ByteBuffer bytes, long length)
      implements CapturedContent {
    Copied(ContentSpec spec, Status status, ByteBuffer bytes) {
      this(spec, status, bytes, -1);
    }
  }
}
