package dev.jtrace.beauty;

import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.CapturedContent;
import dev.jtrace.beauty.content.ContentRenderer;
import java.util.List;

/**
 * User memory captured at the syscall (by the kernel's format fields or by eBPF): strings for
 * pointer arguments (and plain buffers, as byte strings), and the copies a {@link ContentRenderer}
 * decodes (structs, arrays, iovecs, argv). A beautifier prints the pointer when nothing was
 * captured.
 */
public interface CapturedMemory {
  CapturedMemory NONE = argIndex -> null;

  /**
   * The string argument {@code argIndex} (0–5) pointed to, as a {@link ByteText} byte string (one
   * char per byte), or null when it was not captured.
   */
  String string(int argIndex);

  /**
   * Whether the string argument {@code argIndex} pointed to was copied but its copy was lost on the
   * way (a full ring): the pointer prints, marked as such.
   */
  default boolean lost(int argIndex) {
    return false;
  }

  /** Whether the memory argument {@code argIndex} points to was longer than what was copied. */
  default boolean cut(int argIndex) {
    return false;
  }

  /** Whether the memory argument {@code argIndex} points to could not be read (EFAULT). */
  default boolean faulted(int argIndex) {
    return false;
  }

  /**
   * The decoded copies of argument {@code argIndex} made in that phase (structs, arrays: what
   * {@link #string} does not give), one per element for iovecs and argv; empty when none.
   */
  default List<CapturedContent> contents(int argIndex, CapturePhase phase) {
    return List.of();
  }

  /**
   * Whether some argument has copies both at entry and at exit (poll's pollfds), whose exit copy
   * prints after the return value; false lets the printer skip looking for one.
   */
  default boolean copiedAtEntryAndExit() {
    return true;
  }

  /** The renderer of {@link #contents} (the capture's arch and string limit), or null. */
  default ContentRenderer renderer() {
    return null;
  }
}
