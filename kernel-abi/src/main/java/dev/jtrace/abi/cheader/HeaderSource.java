package dev.jtrace.abi.cheader;

import java.util.Optional;

/** Where headers come from: include resolution and file text, in kernel tree paths. */
public interface HeaderSource {
  /**
   * @param name as written between the delimiters, e.g. {@code linux/types.h}
   * @param angled {@code <…>} rather than {@code "…"}
   * @param includer the tree path of the including file
   * @return the tree path, or empty when the header is not part of the tree (libc, compiler)
   */
  Optional<String> resolve(String name, boolean angled, String includer, TargetArch arch);

  /** The text of a tree path returned by {@link #resolve} (or a root the caller names). */
  String read(String treePath);
}
