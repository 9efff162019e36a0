package dev.jtrace.generator.contents;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructMember;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentLength;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.generator.signatures.SignatureEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code dev.jtrace.beauty.gen.SyscallContentSpecs} (per arch, each syscall's copies) and
 * {@code dev.jtrace.beauty.gen.StructLayouts} (per arch, the layouts the renderer decodes), one
 * method per arch so that none outgrows the JVM's 64 KiB limit.
 */
public final class ContentEmitter {
  private static final String CONTENT = "dev.jtrace.beauty.content";
  private static final ClassName SPEC = ClassName.get(CONTENT, "ContentSpec");
  private static final ClassName KIND = ClassName.get(CONTENT, "ContentKind");
  private static final ClassName PHASE = ClassName.get(CONTENT, "CapturePhase");
  private static final ClassName LAYOUT = ClassName.get(CONTENT, "Layout");
  private static final ClassName FIELD = ClassName.get(CONTENT, "Layout", "Field");
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");
  private static final ClassName LIST = ClassName.get("java.util", "List");

  private ContentEmitter() {}

  public static JavaFile specs(List<ContentModel.ArchContents> arches, String provenance) {
    ParameterizedTypeName mapType =
        ParameterizedTypeName.get(
            MAP, ClassName.get(String.class), ParameterizedTypeName.get(LIST, SPEC));
    return perArch(
        "SyscallContentSpecs",
        "Per arch, the user memory each syscall's arguments point at: what to copy, when and how"
            + " long,\nby syscall-table name.\n",
        "A new map of the arch's syscalls (by jtrace arch id) to their copies; empty for an arch\n"
            + "without layouts.\n",
        mapType,
        arches,
        (a, m) -> {
          for (Map.Entry<String, List<ContentSpec>> e : a.bySyscall().entrySet()) {
            List<CodeBlock> specs = new ArrayList<>();
            for (ContentSpec s : e.getValue()) {
              specs.add(spec(s));
            }
            m.addStatement(
                "m.put($S, $T.of($L))", e.getKey(), LIST, CodeBlock.join(specs, ",\n    "));
          }
        },
        provenance);
  }

  public static JavaFile layouts(List<ContentModel.ArchContents> arches, String provenance) {
    return perArch(
        "StructLayouts",
        "Per arch, the struct layouts the contents renderer decodes, by {@code struct TAG} or\n"
            + "{@code union TAG}.\n",
        "A new map of the arch's layouts (by jtrace arch id).\n",
        ParameterizedTypeName.get(MAP, ClassName.get(String.class), LAYOUT),
        arches,
        (a, m) -> {
          for (StructLayoutFact s : a.layouts().values()) {
            List<CodeBlock> fields = new ArrayList<>();
            for (StructMember f : s.members()) {
              fields.add(
                  CodeBlock.of(
                      "new $T($S, $L, $L, $S)", FIELD, f.name(), f.offset(), f.size(), f.type()));
            }
            m.addStatement(
                "m.put($S, new $T($S, $L, $T.of($L)))",
                s.key(),
                LAYOUT,
                s.key(),
                s.size(),
                LIST,
                CodeBlock.join(fields, ",\n    "));
          }
        },
        provenance);
  }

  /**
   * A class with one private method per arch filling a map, and {@code of(arch)} switching over
   * them.
   */
  private static JavaFile perArch(
      String className,
      String classDoc,
      String ofDoc,
      ParameterizedTypeName mapType,
      List<ContentModel.ArchContents> arches,
      BiConsumer<ContentModel.ArchContents, MethodSpec.Builder> fill,
      String provenance) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(className)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(classDoc)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    CodeBlock.Builder sw = CodeBlock.builder().add("return switch (arch) {\n").indent();
    for (ContentModel.ArchContents a : arches) {
      String method = "arch_" + a.arch();
      MethodSpec.Builder m =
          MethodSpec.methodBuilder(method)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(mapType)
              .addStatement("$T m = new $T<>()", mapType, HASH_MAP);
      fill.accept(a, m);
      type.addMethod(m.addStatement("return m").build());
      sw.add("case $S -> $N();\n", a.arch(), method);
    }
    sw.add("default -> $T.of();\n", MAP).unindent().add("};\n");
    type.addMethod(
        MethodSpec.methodBuilder("of")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(mapType)
            .addParameter(String.class, "arch")
            .addJavadoc(ofDoc)
            .addCode(sw.build())
            .build());
    return file(type.build(), provenance);
  }

  private static JavaFile file(TypeSpec type, String provenance) {
    return JavaFile.builder(SignatureEmitter.PACKAGE, type)
        .addFileComment(provenance)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private static CodeBlock spec(ContentSpec s) {
    CodeBlock.Builder b =
        CodeBlock.builder().add("$T.builder($L, $T.$L)", SPEC, s.arg(), KIND, s.kind().name());
    if (s.phase() != CapturePhase.ENTER && s.length() != ContentLength.RETURN) {
      b.add(".phase($T.$L)", PHASE, s.phase().name());
    }
    if (s.elementSize() != 1) {
      b.add(".elementSize($L)", s.elementSize());
    }
    switch (s.length()) {
      case ARG -> b.add(".lengthFromArg($L)", s.lengthArg());
      case ARG_POINTEE -> b.add(".lengthFromPointee($L)", s.lengthArg());
      case RETURN -> b.add(".lengthFromReturn()");
      case MEMBER ->
          b.add(
              ".lengthFromMember($S, $L, $L)",
              s.lengthMember().name(),
              s.lengthMember().offset(),
              s.lengthMember().size());
      case FIXED -> {}
    }
    if (s.maxElements() != 0) {
      b.add(".maxElements($L)", s.maxElements());
    }
    if (s.through() != null) {
      b.add(".through($S, $L, $L)", s.through().name(), s.through().offset(), s.through().size());
    }
    if (s.element() != null) {
      b.add(".element($L, $L)", s.element().index(), s.element().countArg());
    }
    if (s.bytesMember() != null) {
      b.add(
          ".bytesFromMember($S, $L, $L)",
          s.bytesMember().name(),
          s.bytesMember().offset(),
          s.bytesMember().size());
    }
    if (s.type() != null) {
      b.add(".type($S)", s.type());
    }
    if (s.selectorArg() >= 0) {
      b.add(".when($L, $LL)", s.selectorArg(), s.selectorValue());
    }
    return b.add(".build()").build();
  }
}
