package dev.jtrace.generator.signatures;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ReturnKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code dev.jtrace.beauty.gen.SyscallSignatures}: one static table of every syscall's
 * signature, filled in chunks so that no method outgrows the JVM's 64 KiB limit.
 */
public final class SignatureEmitter {
  public static final String PACKAGE = "dev.jtrace.beauty.gen";
  private static final ClassName SIGNATURE = ClassName.get("dev.jtrace.beauty", "SyscallSignature");
  private static final ClassName ARG_SPEC = ClassName.get("dev.jtrace.beauty", "ArgSpec");
  private static final ClassName ARG_KIND = ClassName.get(ArgKind.class);
  private static final ClassName RETURN_KIND = ClassName.get(ReturnKind.class);
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final int CHUNK = 40;

  private SignatureEmitter() {}

  /**
   * @param provenance the comment naming the snapshot's kernel version and hash
   */
  public static JavaFile emit(
      List<SignatureModel.Signature> signatures,
      Map<String, Map<String, String>> formatNames,
      String provenance) {
    ParameterizedTypeName mapType =
        ParameterizedTypeName.get(MAP, ClassName.get(String.class), SIGNATURE);
    TypeSpec.Builder type =
        TypeSpec.classBuilder("SyscallSignatures")
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Every syscall's arguments and rendering kinds, by the name of its tracefs format,"
                    + " and per arch\n"
                    + "the syscall-table names that differ from their format's.\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    MethodSpec.Builder all =
        MethodSpec.methodBuilder("all")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(mapType)
            .addJavadoc("A new map of all $L signatures.\n", signatures.size())
            .addStatement("$T m = new $T<>($L)", mapType, HASH_MAP, signatures.size() * 2);
    for (int start = 0, chunk = 0; start < signatures.size(); start += CHUNK, chunk++) {
      String name = "chunk" + chunk;
      MethodSpec.Builder part =
          MethodSpec.methodBuilder(name)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addParameter(mapType, "m");
      for (SignatureModel.Signature s :
          signatures.subList(start, Math.min(signatures.size(), start + CHUNK))) {
        part.addStatement("m.put($S, $L)", s.name(), signature(s));
      }
      type.addMethod(part.build());
      all.addStatement("$N(m)", name);
    }
    type.addMethod(all.addStatement("return m").build());
    type.addMethod(formatNamesMethod(formatNames));
    return JavaFile.builder(PACKAGE, type.build())
        .addFileComment(provenance)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** {@code formatNames(arch)}: a switch over the arches, each a map of its renamed syscalls. */
  private static MethodSpec formatNamesMethod(Map<String, Map<String, String>> formatNames) {
    ParameterizedTypeName names =
        ParameterizedTypeName.get(MAP, ClassName.get(String.class), ClassName.get(String.class));
    CodeBlock.Builder body = CodeBlock.builder().add("return switch (arch) {\n").indent();
    for (Map.Entry<String, Map<String, String>> arch : formatNames.entrySet()) {
      if (arch.getValue().isEmpty()) {
        continue; // the default case
      }
      List<CodeBlock> entries = new ArrayList<>();
      for (Map.Entry<String, String> e : arch.getValue().entrySet()) {
        entries.add(CodeBlock.of("$T.entry($S, $S)", MAP, e.getKey(), e.getValue()));
      }
      body.add(
          "case $S -> $T.ofEntries($L);\n", arch.getKey(), MAP, CodeBlock.join(entries, ",\n    "));
    }
    body.add("default -> $T.of();\n", MAP).unindent().add("};\n");
    return MethodSpec.methodBuilder("formatNames")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(names)
        .addParameter(String.class, "arch")
        .addJavadoc(
            "The syscalls of an arch (by jtrace arch id) whose signature is under another format"
                + " name:\n"
                + "syscall-table name to format name.\n")
        .addCode(body.build())
        .build();
  }

  private static CodeBlock signature(SignatureModel.Signature s) {
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < s.args().size(); i++) {
      SignatureModel.Arg a = s.args().get(i);
      args.add(i == 0 ? "" : ", ")
          .add("new $T($S, $S, $T.$L)", ARG_SPEC, a.name(), a.type(), ARG_KIND, a.kind().name());
    }
    return CodeBlock.of(
        "new $T($S, $T.$L, $T.of($L))",
        SIGNATURE,
        s.name(),
        RETURN_KIND,
        s.returnKind().name(),
        LIST,
        args.build());
  }
}
