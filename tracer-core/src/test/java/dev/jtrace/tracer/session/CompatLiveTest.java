package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrace.beauty.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static 32-bit program on x86_64 (int 0x80, i386 numbers: getpid 20, write 4, exit 1) decodes by
 * the i386 table, its write's buffer by the i386 contents: before the kernel's compat flag was
 * read, its calls printed as x86_64's writev, stat and write.
 */
class CompatLiveTest {
  @TempDir static Path dir;

  private static Path program;

  /** getpid(); write(1, "hi\n", 3); exit(3) through int $0x80, no libc. */
  private static final String HI32 =
      """
      \t.globl _start
      \t.text
      _start:
      \tmovl $20, %eax
      \tint $0x80
      \tmovl $4, %eax
      \tmovl $1, %ebx
      \tmovl $msg, %ecx
      \tmovl $3, %edx
      \tint $0x80
      \tmovl $1, %eax
      \tmovl $3, %ebx
      \tint $0x80
      \t.data
      msg:\t.ascii "hi\\n"
      """;

  @BeforeAll
  static void assemble() throws IOException, InterruptedException {
    TracedRun.assumeTracingWorks();
    assumeTrue(Arch.host() == Arch.X86_64, "ia32 compat calls exist on x86_64 only");
    program = assembled32(dir, "hi32", HI32);
  }

  /**
   * A static 32-bit program assembled from source (gcc -m32 -nostdlib) into dir; skips the calling
   * test when gcc cannot build one here.
   */
  static Path assembled32(Path dir, String name, String source)
      throws IOException, InterruptedException {
    Path src = dir.resolve(name + ".S");
    Files.writeString(src, source);
    Path binary = dir.resolve(name);
    Process gcc;
    try {
      gcc =
          new ProcessBuilder(
                  "gcc", "-m32", "-nostdlib", "-static", "-o", binary.toString(), src.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc: " + e.getMessage());
      return null;
    }
    String out = new String(gcc.getInputStream().readAllBytes());
    assumeTrue(
        gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0,
        "gcc -m32 cannot build a static 32-bit program here: " + out);
    return binary;
  }

  /** The lines of the program's own calls (those after its exec). */
  private static List<String> ownCalls(List<String> lines) {
    int first = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("getpid(")) {
        first = i;
      }
    }
    return lines.subList(first, lines.size());
  }

  @Test
  void textLinesNameTheI386Calls() throws Exception {
    TracedRun run = TracedRun.run(dir, "--no-signals", "--", program.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(3);
    List<String> own = ownCalls(run.lines());
    String all = String.join("\n", run.lines());
    assertWithMessage(all).that(own).hasSize(3);
    assertWithMessage(all).that(own.get(0)).containsMatch("getpid\\(\\) +=  ?\\d+");
    assertWithMessage(all)
        .that(own.get(1))
        .containsMatch("write\\(fd: 1[<)].*buf: \"hi\\\\n\", count: 3\\) += 3$");
    assertWithMessage(all).that(own.get(2)).containsMatch("exit\\(error_code: 3\\) += \\?$");
    assertWithMessage(all).that(all).doesNotContain("writev");
    assertWithMessage(run.messages()).that(run.messages()).doesNotContain("strings!");
  }

  /**
   * -e selects by name in both ABIs: i386's write (4) is printed, x86_64's number 4 (stat) selects
   * no call of the program's. The kernel fires no syscall's own tracepoint for a compat call, so
   * the capture is on the raw syscall tracepoints for a 32-bit command.
   */
  @Test
  void aSelectionByNameTakesTheCompatCallsOfThatName() throws Exception {
    TracedRun write = TracedRun.run(dir, "--no-signals", "-e", "write", "--", program.toString());
    assertWithMessage(write.messages()).that(write.status()).isEqualTo(3);
    String all = String.join("\n", write.lines());
    assertWithMessage(all)
        .that(all)
        .containsMatch("hi32/\\d+ write\\(fd: 1[<)].*buf: \"hi\\\\n\", count: 3\\) += 3");
    assertWithMessage(all).that(all).doesNotContain("getpid");
    // i386's getpid is 20, x86_64's writev; x86_64's stat is 4, i386's write
    TracedRun stat =
        TracedRun.run(dir, "--no-signals", "-e", "stat,getpid", "--", program.toString());
    assertWithMessage(stat.messages()).that(stat.status()).isEqualTo(3);
    String some = String.join("\n", stat.lines());
    assertWithMessage(some).that(some).containsMatch("hi32/\\d+ getpid\\(\\) += ");
    assertWithMessage(some).that(some).doesNotContainMatch("hi32/\\d+ (stat|write|writev)\\(");
  }

  /** The capture's choice reads the ELF class: of the command as found on PATH, of a task's exe. */
  @Test
  void aThirtyTwoBitTargetIsToldByItsElfClass() {
    assertThat(CompatTargets.any(List.of(program.toString()), List.of())).isTrue();
    assertThat(CompatTargets.any(List.of("true"), List.of())).isFalse();
    assertThat(CompatTargets.executable("true")).isNotNull();
    assertThat(CompatTargets.any(null, List.of((int) ProcessHandle.current().pid()))).isFalse();
    assertThat(CompatTargets.any(List.of("/no/such/program"), List.of())).isFalse();
  }

  @Test
  void jsonSaysTheAbiOfCompatCallsOnly() throws Exception {
    TracedRun run = TracedRun.run(dir, "--json", "--no-signals", "--", program.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(3);
    int compat = 0;
    for (String line : run.lines()) {
      JsonNode e = TracedRun.Json.object(line);
      if (!e.has("ts")) {
        continue;
      }
      String name = e.get("syscall").textValue();
      if (e.has("abi")) {
        compat++;
        assertWithMessage(line).that(e.get("abi").textValue()).isEqualTo("i386");
        assertWithMessage(line).that(name).isAnyOf("getpid", "write", "exit");
      } else {
        assertWithMessage(line).that(name).isNotEqualTo("exit"); // exit is only the i386 one
      }
    }
    assertWithMessage(String.join("\n", run.lines())).that(compat).isEqualTo(3);
  }

  @Test
  void summaryKeysByAbiAndNumber() throws Exception {
    TracedRun run = TracedRun.run(dir, "-s", "--", program.toString());
    String all = String.join("\n", run.lines());
    assertWithMessage(all).that(all).containsMatch("getpid \\(i386\\) +1 ");
    assertWithMessage(all).that(all).containsMatch("write \\(i386\\) +1 ");
    assertThat(all).doesNotContain("writev");
  }
}
