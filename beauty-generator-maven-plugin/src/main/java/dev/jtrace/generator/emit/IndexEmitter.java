package dev.jtrace.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.jtrace.beauty.table.TableKind;
import dev.jtrace.generator.tables.TableModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code TableIndex}: every table's name and a switch from name to table, so that a lookup
 * loads only the class of the table asked for.
 */
public final class IndexEmitter {
  public static final ClassName INDEX = ClassName.get(TableEmitter.GENERATED_PACKAGE, "TableIndex");

  private final Provenance provenance;

  public IndexEmitter(Provenance provenance) {
    this.provenance = provenance;
  }

  public JavaFile emit(List<TableModel> tables) {
    ClassName table = ClassName.get(TableEmitter.RUNTIME_PACKAGE, "Table");
    CodeBlock names =
        CodeBlock.join(tables.stream().map(t -> CodeBlock.of("\n    $S", t.name())).toList(), ",");
    CodeBlock ioctlNames =
        CodeBlock.join(
            tables.stream()
                .filter(t -> t.spec().kind() == TableKind.IOCTL)
                .map(t -> CodeBlock.of("\n    $S", t.name()))
                .toList(),
            ",");
    CodeBlock.Builder sw = CodeBlock.builder().add("return switch (name) {\n").indent();
    for (TableModel t : tables) {
      sw.add("case $S -> $T.TABLE;\n", t.name(), TableEmitter.className(t.name()));
    }
    sw.add("default -> null;\n").unindent().add("};\n");
    TypeSpec cls =
        TypeSpec.classBuilder(INDEX)
            .addJavadoc("Every generated table, by name ($L tables).\n", tables.size())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(List.class, String.class),
                        "NAMES",
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .initializer("$T.of($L)", List.class, names)
                    .build())
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(List.class, String.class),
                        "IOCTL_NAMES",
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .initializer("$T.of($L)", List.class, ioctlNames)
                    .build())
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
            .addMethod(
                MethodSpec.methodBuilder("names")
                    .addJavadoc("The table names, sorted.\n")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(ParameterizedTypeName.get(List.class, String.class))
                    .addStatement("return NAMES")
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("ioctlNames")
                    .addJavadoc(
                        "The names of the ioctl tables, sorted: what an ioctl decoder loads.\n")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(ParameterizedTypeName.get(List.class, String.class))
                    .addStatement("return IOCTL_NAMES")
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("get")
                    .addJavadoc("The table of that name, or null.\n")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(table)
                    .addParameter(String.class, "name")
                    .addCode(sw.build())
                    .build())
            .build();
    return JavaFile.builder(TableEmitter.GENERATED_PACKAGE, cls)
        .addFileComment("$L", provenance.fileComment())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }
}
