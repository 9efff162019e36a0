package dev.jtrace.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.jtrace.beauty.table.TableKind;
import dev.jtrace.generator.tables.TableEntry;
import dev.jtrace.generator.tables.TableModel;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/** Emits one table model as a class holding the table in a {@code TABLE} constant. */
public final class TableEmitter {
  public static final String RUNTIME_PACKAGE = "dev.jtrace.beauty.table";
  public static final String GENERATED_PACKAGE = RUNTIME_PACKAGE + ".gen";
  private static final int PER_LINE = 8;

  private final Provenance provenance;

  public TableEmitter(Provenance provenance) {
    this.provenance = provenance;
  }

  /**
   * The generated class name of a table, e.g. {@code PrctlOptionsTable} for {@code prctl_options}.
   */
  public static ClassName className(String tableName) {
    StringBuilder sb = new StringBuilder();
    for (String part : tableName.split("_")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return ClassName.get(GENERATED_PACKAGE, sb.append("Table").toString());
  }

  static ClassName runtimeType(TableKind kind) {
    String simple =
        switch (kind) {
          case VALUE -> "ValueTable";
          case FLAGS -> "FlagTable";
          case OFFSET -> "OffsetTable";
          case IOCTL -> "IoctlTable";
          case ERRNO -> "ErrnoTable";
          case SYSCALL -> "SyscallTable";
        };
    return ClassName.get(RUNTIME_PACKAGE, simple);
  }

  public JavaFile emit(TableModel t) {
    ClassName type = runtimeType(t.spec().kind());
    FieldSpec table =
        FieldSpec.builder(type, "TABLE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer(construction(t))
            .build();
    TypeSpec cls =
        TypeSpec.classBuilder(className(t.name()))
            .addJavadoc(
                "The {@code $L} table: $L entries from $L.\n",
                t.name(),
                t.entries().size(),
                String.join(", ", t.sources()))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addField(table)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
            .build();
    return JavaFile.builder(GENERATED_PACKAGE, cls)
        .addFileComment("$L", provenance.fileComment())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private CodeBlock construction(TableModel t) {
    boolean hex = t.spec().kind().printsHex();
    CodeBlock.Builder b =
        CodeBlock.builder().add("new $T(\n", runtimeType(t.spec().kind())).indent();
    b.add("$L,\n", info(t));
    switch (t.spec().kind()) {
      case OFFSET -> b.add("$L,\n", ranges(t));
      case IOCTL ->
          b.add(
              "0x$L, $T.$L,\n",
              Integer.toHexString(t.spec().ioctlType()),
              ClassName.get(RUNTIME_PACKAGE, "IoctlDirection"),
              t.spec().ioctlDirection());
      case ERRNO ->
          b.add(
              "$T.$L,\n",
              ClassName.get("dev.jtrace.beauty", "Arch", "ErrnoFamily"),
              t.spec().arch().toUpperCase(Locale.ROOT));
      case SYSCALL ->
          b.add(
              "$T.$L,\n",
              ClassName.get("dev.jtrace.beauty", "Arch"),
              t.spec().arch().toUpperCase(Locale.ROOT));
      default -> {}
    }
    b.add("$L,\n", longs(t.entries(), hex));
    b.add("$L", strings(t.entries(), TableEntry::name));
    if (t.spec().kind() == TableKind.ERRNO) {
      b.add(",\n$L", strings(t.entries(), TableEntry::description));
    }
    if (t.spec().kind() != TableKind.SYSCALL) {
      b.add(",\n$L,\n$L", longs(t.aliases(), hex), strings(t.aliases(), TableEntry::name));
    }
    return b.add(")").unindent().build();
  }

  private static CodeBlock info(TableModel t) {
    CodeBlock sources =
        CodeBlock.join(t.sources().stream().map(s -> CodeBlock.of("$S", s)).toList(), ", ");
    return CodeBlock.of(
        "new $T($S, $T.$L, $S, $T.of($L), $S)",
        ClassName.get(RUNTIME_PACKAGE, "TableInfo"),
        t.name(),
        ClassName.get(TableKind.class),
        t.spec().kind().name(),
        t.spec().prefix(),
        List.class,
        sources,
        t.spec().arch());
  }

  private static CodeBlock ranges(TableModel t) {
    ClassName range = ClassName.get(RUNTIME_PACKAGE, "OffsetTable", "Range");
    CodeBlock items =
        CodeBlock.join(
            t.ranges().stream()
                .map(
                    r ->
                        CodeBlock.of(
                            "new $T(0x$LL, $L)", range, Long.toHexString(r[0]), r[1] - r[0] + 1))
                .toList(),
            ", ");
    return CodeBlock.of("$T.of($L)", List.class, items);
  }

  private static CodeBlock longs(List<TableEntry> entries, boolean hex) {
    CodeBlock.Builder b = CodeBlock.builder().add("new long[] {$>");
    for (int i = 0; i < entries.size(); i++) {
      b.add(i % PER_LINE == 0 ? "\n" : " ");
      long v = entries.get(i).value();
      b.add(
          hex && v >= 0 ? "0x$LL" : "$LL", hex && v >= 0 ? Long.toHexString(v) : Long.toString(v));
      if (i < entries.size() - 1) {
        b.add(",");
      }
    }
    return b.add(entries.isEmpty() ? "$<}" : "$<\n}").build();
  }

  private static CodeBlock strings(List<TableEntry> entries, Function<TableEntry, String> text) {
    CodeBlock.Builder b = CodeBlock.builder().add("new String[] {$>");
    for (int i = 0; i < entries.size(); i++) {
      b.add("\n$S", text.apply(entries.get(i)));
      if (i < entries.size() - 1) {
        b.add(",");
      }
    }
    return b.add(entries.isEmpty() ? "$<}" : "$<\n}").build();
  }
}
