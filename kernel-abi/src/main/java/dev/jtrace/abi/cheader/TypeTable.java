package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.StructSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The types and enumerators a translation unit declared, with the file each came from. */
public final class TypeTable implements TypeLookup {
  private final Map<String, CType> typedefs = new HashMap<>();

  /** Typedef names whose type has no size here (typeof, unknown types): still type names. */
  private final Map<String, Boolean> unsizable = new HashMap<>();

  private final Map<String, CType> tagged = new HashMap<>();
  private final Map<String, CValue> enumerators = new HashMap<>();
  private final Map<String, Map<String, StructSize>> structsByFile = new LinkedHashMap<>();
  private final Map<String, List<EnumConstant>> enumsByFile = new LinkedHashMap<>();

  /**
   * Sizes of structs other headers declare, for {@code sizeof} in expressions only (never for
   * layouts).
   */
  private Map<String, Long> otherHeadersStructs = Map.of();

  void otherHeadersStructs(Map<String, Long> sizes) {
    otherHeadersStructs = sizes;
  }

  void typedef(String name, CType type) {
    if (type == null) {
      typedefs.remove(name);
      unsizable.put(name, Boolean.TRUE);
    } else {
      typedefs.put(name, type);
      unsizable.remove(name);
    }
  }

  void tag(String kind, String name, CType type, String file) {
    tagged.put(kind + " " + name, type);
    if (!kind.equals("enum")) {
      Map<String, StructSize> m = structsByFile.computeIfAbsent(file, k -> new LinkedHashMap<>());
      m.remove(name);
      m.put(name, new StructSize(kind, name, type.size()));
    }
  }

  CType tagged(String kind, String name) {
    return tagged.get(kind + " " + name);
  }

  void enumerator(String file, String tag, String name, CValue value) {
    enumerators.put(name, value);
    enumsByFile
        .computeIfAbsent(file, k -> new ArrayList<>())
        .add(new EnumConstant(tag, name, value.bits()));
  }

  public CValue enumerator(String name) {
    return enumerators.get(name);
  }

  public List<StructSize> structsIn(String file) {
    return List.copyOf(structsByFile.getOrDefault(file, Map.of()).values());
  }

  public List<EnumConstant> enumsIn(String file) {
    return List.copyOf(enumsByFile.getOrDefault(file, List.of()));
  }

  CType typedefType(String name) {
    return typedefs.get(name);
  }

  @Override
  public boolean isTypeName(String name) {
    return typedefs.containsKey(name) || unsizable.containsKey(name);
  }

  @Override
  public Optional<CType> resolve(List<String> specifiers, int pointers) {
    if (pointers > 0) {
      return Optional.of(CType.POINTER);
    }
    List<String> words = new ArrayList<>();
    for (String s : specifiers) {
      if (!s.equals("const")
          && !s.equals("volatile")
          && !s.equals("__const")
          && !s.equals("__volatile__")) {
        words.add(s);
      }
    }
    if (words.size() == 2
        && (words.get(0).equals("struct")
            || words.get(0).equals("union")
            || words.get(0).equals("enum"))) {
      CType own = tagged(words.get(0), words.get(1));
      Long other = otherHeadersStructs.get(words.get(0) + " " + words.get(1));
      if (own == null && other != null) {
        return Optional.of(new CType(other, 1, false, false, false));
      }
      return Optional.ofNullable(own);
    }
    if (words.size() == 1 && typedefs.containsKey(words.get(0))) {
      return Optional.of(typedefs.get(words.get(0)));
    }
    return Optional.ofNullable(baseType(words));
  }

  /** Built-in types on LP64 x86_64: char is signed, long is 64 bits. */
  static CType baseType(List<String> words) {
    int longs = 0;
    boolean unsigned = false;
    String kind = null;
    for (String w : words) {
      switch (w) {
        case "long" -> longs++;
        case "unsigned" -> unsigned = true;
        case "signed", "__signed__", "int" -> {}
        case "char", "short", "_Bool", "float", "double", "void", "__int128" -> kind = w;
        default -> {
          return null;
        }
      }
    }
    if (words.isEmpty()) {
      return null;
    }
    if (kind == null) {
      return CType.integer(longs > 0 ? 8 : 4, unsigned);
    }
    return switch (kind) {
      case "char" -> CType.integer(1, unsigned);
      case "short" -> CType.integer(2, unsigned);
      case "_Bool" -> CType.integer(1, true);
      case "float" -> new CType(4, 4, false, false, false);
      case "double" ->
          longs > 0 ? new CType(16, 16, false, false, false) : new CType(8, 8, false, false, false);
      case "void" -> new CType(1, 1, false, false, false);
      default -> CType.integer(16, unsigned);
    };
  }
}
