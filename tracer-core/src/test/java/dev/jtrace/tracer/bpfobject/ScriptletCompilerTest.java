package dev.jtrace.tracer.bpfobject;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without clang, -e file.c fails in one line saying to install it or pass a .o. */
class ScriptletCompilerTest {
  @TempDir Path dir;

  @Test
  void withoutClangOneLineSaysWhatToDo() throws Exception {
    Path source = dir.resolve("x.c");
    Files.writeString(source, "int x;\n");
    ScriptletCompiler c =
        new ScriptletCompiler(dir.resolve("cache"), dir.resolve("no-clang").toString());
    BpfObjectException e = assertThrows(BpfObjectException.class, () -> c.compile(source));
    assertThat(e.getMessage()).startsWith(source + ": cannot run " + dir.resolve("no-clang"));
    assertThat(e.getMessage())
        .endsWith("install clang and llvm (apt-get install clang llvm), or pass a compiled .o");
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void theShippedHeaderIsWrittenIntoTheIncludeDir() throws Exception {
    ScriptletCompiler c = new ScriptletCompiler(dir.resolve("cache"), "clang");
    Path header = c.includeDir().resolve("bpf.h");
    assertThat(Files.readString(header)).contains("__bpf_stdout__ SEC(\".maps\")");
  }
}
