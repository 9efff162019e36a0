package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.perfdata.SyntheticTraceAccess;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jtrace -i} and {@code jtrace script} do with a damaged perf.data (the fixture
 * raw_syscalls-true.data with one structure broken): a damaged tracepoint format, feature sections
 * that are gone, a damaged HEADER_ARCH, and what the fuzzer found.
 */
class DamagedPerfDataTest {
  private static final String FIXTURE = "raw_syscalls-true.data";

  @TempDir Path dir;

  private record Result(int status, List<String> lines, String err) {
    List<String> warnings() {
      return err.lines().toList();
    }
  }

  /** The fixture with the first {@code from} replaced by {@code to} (same length). */
  private Path damaged(String from, String to) throws IOException {
    byte[] b = Files.readAllBytes(Fixtures.ours(FIXTURE));
    byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(b, f);
    assertWithMessage(from + " in " + FIXTURE).that(at).isAtLeast(0);
    byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(t.length).isEqualTo(f.length);
    System.arraycopy(t, 0, b, at, t.length);
    return write(b);
  }

  private Path write(byte[] b) throws IOException {
    Path p = dir.resolve("damaged-" + System.nanoTime() + ".data");
    Files.write(p, b);
    return p;
  }

  private static int indexOf(byte[] b, byte[] what) {
    for (int i = 0; i + what.length <= b.length; i++) {
      if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) return i;
    }
    return -1;
  }

  /** {@code jtrace -i FILE -o OUT MORE…}: the trace's lines are OUT's. */
  private Result replay(Path file, String... more) throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
    List<String> args = new ArrayList<>(List.of("-i", file.toString(), "-o", out.toString()));
    args.addAll(List.of(more));
    Result r = run(TraceCommand::run, args);
    return new Result(r.status(), Files.exists(out) ? Files.readAllLines(out) : List.of(), r.err());
  }

  /** {@code jtrace script --pretty -i FILE}: its lines are stdout's. */
  private static Result script(Path file) {
    return run(ScriptCommand::run, List.of("-i", file.toString(), "--pretty"));
  }

  private static Result run(CliRun.Command command, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        command.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        rc,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  private Result undamaged() throws IOException {
    Result r = replay(Fixtures.ours(FIXTURE));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.lines()).hasSize(30);
    return r;
  }

  @Test
  void aSyscallFormatWithoutItsIdFieldIsLeftOutWithAWarningNotShownAsSyscallZero()
      throws IOException {
    // sys_enter's "long id" renamed: each entry used to print as read(...) (syscall 0), unwarned
    Path f =
        damaged(
            "field:long id;\toffset:8;\tsize:8;\tsigned:1;\n\tfield:unsigned long args",
            "field:long ix;\toffset:8;\tsize:8;\tsigned:1;\n\tfield:unsigned long args");
    Result r = replay(f);
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.warnings()).hasSize(1);
    assertThat(r.err())
        .containsMatch(
            "offset 0x[0-9a-f]+: the format of raw_syscalls:sys_enter cannot be decoded as a"
                + " syscall \\(no 'id' field");
    assertThat(r.lines()).isNotEmpty(); // the returns are still there
    // the entries are gone (true's one read shows as its return only), none is syscall 0
    for (String line : r.lines()) assertThat(line).doesNotContain(" read(fd");
    Result s = script(f);
    assertWithMessage(s.err()).that(s.status()).isEqualTo(0);
    assertThat(s.lines()).hasSize(58);
    for (String line : s.lines()) assertThat(line).doesNotContain("sys_enter: read(fd");
  }

  @Test
  void aFormatWhoseIdLineIsDamagedIsFoundByItsEventsName() throws IOException {
    Result r = replay(damaged("name: sys_enter\nID: 443", "name: sys_enter\nID: X43"));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.err())
        .containsMatch(
            "offset 0x[0-9a-f]+: the format of raw_syscalls:sys_enter has no valid 'ID:' line");
    assertThat(r.lines()).isEqualTo(undamaged().lines());
  }

  @Test
  void aFormatWhoseNameLineIsDamagedTakesItsEventsName() throws IOException {
    Result r = replay(damaged("name: sys_enter\nID: 443", "nXme: sys_enter\nID: 443"));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.warnings()).hasSize(1);
    assertThat(r.err()).contains("has no valid 'name:' line");
    assertThat(r.lines()).isEqualTo(undamaged().lines());
  }

  @Test
  void aConfigDamagedIntoTheOtherEventsIdIsRepairedByTheEventsName() throws IOException {
    // both formats' IDs the same: each attr's config finds sys_exit; EVENT_DESC names sys_enter
    Result r = replay(damaged("name: sys_enter\nID: 443", "name: sys_enter\nID: 442"));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.err()).contains("the format named raw_syscalls:sys_enter (ID 442) is used");
    assertThat(r.lines()).isEqualTo(undamaged().lines());
  }

  /** The fixture's ids are those of the kernel it was recorded on; the host's must be the same. */
  private static void assumeFixtureKernelIds() throws IOException {
    Path id = Path.of("/sys/kernel/tracing/events/raw_syscalls/sys_enter/id");
    assumeTrue(Files.isReadable(id), "no readable tracefs at /sys/kernel/tracing");
    assumeTrue(
        Files.readString(id).strip().equals("443"),
        "this kernel's raw_syscalls ids are not those of the fixture's kernel");
  }

  private byte[] fixture() throws IOException {
    return Files.readAllBytes(Fixtures.ours(FIXTURE));
  }

  private static long headerWord(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
  }

  private void assertReplaysAllWithWarnings(Path f, int warnings) throws IOException {
    Result r = replay(f);
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertWithMessage(r.err()).that(r.warnings()).hasSize(warnings);
    assertThat(r.err()).contains("the file has no tracing data");
    assertThat(r.lines()).isEqualTo(undamaged().lines());
    Result s = script(f);
    assertWithMessage(s.err()).that(s.status()).isEqualTo(0);
    assertThat(s.lines()).hasSize(58);
  }

  @Test
  void aFileWhoseFeatureBitsAreClearedIsReplayedWithOneWarning() throws IOException {
    assumeFixtureKernelIds();
    byte[] b = fixture();
    Arrays.fill(b, 72, 104, (byte) 0);
    assertReplaysAllWithWarnings(write(b), 1);
  }

  @Test
  void aFileWhoseSectionTableIsCutOffIsReplayedWithWarnings() throws IOException {
    assumeFixtureKernelIds();
    byte[] b = fixture();
    long end = headerWord(b, 40) + headerWord(b, 48);
    assertReplaysAllWithWarnings(write(Arrays.copyOf(b, (int) end)), 2);
  }

  @Test
  void aFileWhoseSectionTableIsZeroedIsReplayedWithWarnings() throws IOException {
    assumeFixtureKernelIds();
    byte[] b = fixture();
    int table = (int) (headerWord(b, 40) + headerWord(b, 48));
    Arrays.fill(b, table, table + 16 * Long.bitCount(headerWord(b, 72)), (byte) 0);
    Result r = replay(write(b));
    assertThat(r.err()).contains("has entries of offset 0 and size 0");
    assertReplaysAllWithWarnings(write(b), 2);
  }

  @Test
  void aDamagedArchIsABadFileNamingItsOffsetNotAUsageError() throws IOException {
    Result r = replay(damaged("x86_64\0", "x8\n_64\0"));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(1);
    assertThat(r.warnings()).hasSize(1);
    assertThat(r.err())
        .containsMatch(
            "^jtrace: \\S+: offset 0x[0-9a-f]+: arch 'x8\\\\x0a_64' \\(HEADER_ARCH\\) has no"
                + " syscall table in jtrace");
  }

  @Test
  void aFileBytesInAnErrorAreEscapedToKeepItOneLine() throws IOException {
    Collected c = Fixtures.read(damaged("\0header_page\0", "\0\neader_page\0"));
    assertThat(c.result.error()).contains("found '\\x0aeader_page'");
    assertThat(c.result.error()).doesNotContain("\n");
  }

  @Test
  void aHandlersOwnExceptionIsNotWordedAsABadRecord() {
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                PerfDataReader.read(
                    Fixtures.ours(FIXTURE),
                    new PerfDataHandler() {
                      @Override
                      public void record(PerfRecord r) {
                        throw new IllegalStateException("the caller's bug");
                      }
                    }));
    assertThat(thrown).hasMessageThat().isEqualTo("the caller's bug");
  }

  @Test
  void aHugeSyscallNumberInASummaryDoesNotExhaustTheHeap() throws IOException {
    // found by the fuzzer: a damaged field offset read a number of 2^31 - 1, and the summary
    // grew an array to index it
    Path f = dir.resolve("huge-nr.data");
    new SyntheticTraceAccess().writeOneCall(f, Integer.MAX_VALUE, 0);
    Result r = replay(f, "-s");
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(String.join("\n", r.lines())).contains("Summary of events:");
  }

  @Test
  void anFcntlReturnWhoseEntryIsLeftOutIsShownNotANullPointerException() throws IOException {
    // the issue's NullPointerException: with sys_enter's format unusable, fcntl's return (whose
    // rendering looks at its cmd argument) arrived without arguments
    Path whole = dir.resolve("fcntl.data");
    new SyntheticTraceAccess().writeOneCall(whole, 72, 10); // x86_64 fcntl
    byte[] b = Files.readAllBytes(whole);
    byte[] field =
        "field:long id;\toffset:8;\tsize:8;\tsigned:1;\n\tfield:unsigned long args"
            .getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(b, field);
    assertThat(at).isAtLeast(0);
    b[at + "field:long i".length()] = 'x';
    Result r = replay(write(b));
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.err()).contains("cannot be decoded as a syscall (no 'id' field");
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0)).containsMatch("\\.\\.\\. \\[continued\\]: fcntl\\(\\)\\s+= 10$");
  }
}
