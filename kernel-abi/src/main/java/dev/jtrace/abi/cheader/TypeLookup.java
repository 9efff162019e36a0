package dev.jtrace.abi.cheader;

import java.util.List;
import java.util.Optional;

/**
 * What an expression needs to know about types: which names are types, and their size and
 * signedness.
 */
public interface TypeLookup {
  TypeLookup NONE =
      new TypeLookup() {
        @Override
        public boolean isTypeName(String name) {
          return false;
        }

        @Override
        public Optional<CType> resolve(List<String> specifiers, int pointers) {
          return Optional.empty();
        }
      };

  boolean isTypeName(String name);

  /**
   * E.g. {@code [unsigned, long]}, {@code [struct, foo]}, {@code [__u32]} with the number of {@code
   * *}.
   */
  Optional<CType> resolve(List<String> specifiers, int pointers);
}
