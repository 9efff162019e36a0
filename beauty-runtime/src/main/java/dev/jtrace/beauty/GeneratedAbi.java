package dev.jtrace.beauty;

import java.util.Map;
import java.util.OptionalLong;

/** Connects the hand-written renderers to the generated tables and signatures. */
final class GeneratedAbi {
  private GeneratedAbi() {}

  static TableSource tableSource(Arch arch) {
    return new TableSource() {
      @Override
      public String name(String table, long value) {
        return null;
      }

      @Override
      public String flags(String table, long value) {
        return null;
      }

      @Override
      public OptionalLong value(String table, String name) {
        return OptionalLong.empty();
      }

      @Override
      public String syscallName(int nr) {
        return null;
      }

      @Override
      public int syscallNumber(String name) {
        return -1;
      }

      @Override
      public String errnoName(int errno) {
        return null;
      }

      @Override
      public String errnoDescription(int errno) {
        return null;
      }
    };
  }

  static Map<String, SyscallSignature> signatures() {
    return Map.of();
  }
}
