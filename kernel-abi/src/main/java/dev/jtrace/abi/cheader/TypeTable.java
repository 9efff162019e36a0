package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The types and enumerators a translation unit declared, with the file each came from. */
public final class TypeTable implements TypeLookup {
  private final DataModel model;
  private final CType pointer;
  private final Map<String, CType> typedefs = new HashMap<>();

  /** Typedef names whose type has no size here (typeof, unknown types): still type names. */
  private final Map<String, Boolean> unsizable = new HashMap<>();

  private final Map<String, CType> tagged = new HashMap<>();
  private final Map<String, CValue> enumerators = new HashMap<>();
  private final Map<String, Map<String, StructSize>> structsByFile = new LinkedHashMap<>();
  private final Map<String, List<EnumConstant>> enumsByFile = new LinkedHashMap<>();
  private final Map<String, StructLayoutFact> layouts = new HashMap<>();

  TypeTable(DataModel model) {
    this.model = model;
    this.pointer = model.pointer();
  }

  /** The pointer type of the unit's data model. */
  CType pointer() {
    return pointer;
  }

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
      layouts.put(
          kind + " " + name,
          new StructLayoutFact(kind, name, type.size(), type.align(), file, type.members()));
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

  /** Every tagged struct and union the unit declared, laid out, by {@code kind tag}. */
  public Map<String, StructLayoutFact> layouts() {
    return Map.copyOf(layouts);
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
      return Optional.of(pointer);
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
        return Optional.of(CType.opaque(other, 1, "?"));
      }
      return Optional.ofNullable(own);
    }
    if (words.size() == 1 && typedefs.containsKey(words.get(0))) {
      return Optional.of(typedefs.get(words.get(0)));
    }
    return Optional.ofNullable(baseType(words));
  }

  /**
   * Built-in types in the unit's data model; char is signed (as on x86) for expressions, and its
   * word is {@code char} when the header did not say signed or unsigned.
   */
  CType baseType(List<String> words) {
    int longs = 0;
    boolean unsigned = false;
    boolean signed = false;
    String kind = null;
    for (String w : words) {
      switch (w) {
        case "long" -> longs++;
        case "unsigned" -> unsigned = true;
        case "signed", "__signed__" -> signed = true;
        case "int" -> {}
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
      return switch (longs) {
        case 0 -> CType.integer(4, unsigned);
        case 1 -> CType.integer(model.longSize(), unsigned);
        default -> CType.integer(8, unsigned).aligned(model.longLongAlign());
      };
    }
    return switch (kind) {
      case "char" ->
          unsigned || signed
              ? CType.integer(1, unsigned)
              : new CType(1, 1, true, false, false, "char", List.of());
      case "short" -> CType.integer(2, unsigned);
      case "_Bool" -> CType.integer(1, true);
      case "float" -> CType.opaque(4, 4, "f4");
      case "double" ->
          longs > 0 ? CType.opaque(16, 16, "f16") : CType.opaque(8, model.doubleAlign(), "f8");
      case "void" -> CType.opaque(1, 1, "void");
      default -> CType.integer(16, unsigned);
    };
  }
}
