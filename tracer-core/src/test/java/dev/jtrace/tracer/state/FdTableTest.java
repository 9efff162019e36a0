package dev.jtrace.tracer.state;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdTableTest {
  // x86_64 numbers, given here so the test does not depend on the beautifier's tables.
  private static final Map<String, Integer> NR =
      Map.of(
          "openat", 257, "dup", 32, "dup2", 33, "dup3", 292, "close", 3, "fcntl", 72, "execve", 59,
          "socket", 41, "pipe2", 293);
  private static final long O_CLOEXEC = 0x80000; // x86_64's, as the kernel reads it
  private static final int PID = 100;

  private final Map<String, String> proc = new HashMap<>();
  private final FdTable fds =
      new FdTable(
          FdSyscalls.resolve(Arch.X86_64, n -> NR.getOrDefault(n, -1)),
          (pid, fd) -> proc.get(pid + "/" + fd),
          true);

  private void call(String name, long ret, String newPath, long... args) {
    long[] a = new long[6];
    System.arraycopy(args, 0, a, 0, args.length);
    fds.apply(PID, NR.get(name), a, ret, newPath);
  }

  @Test
  void openDupCloseFollowTheCalls() {
    call("openat", 3, "/etc/passwd", -100, 0x1000, 0);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/passwd");
    call("dup2", 10, null, 3, 10);
    assertThat(fds.path(PID, 10)).isEqualTo("/etc/passwd");
    call("close", 0, null, 3);
    assertThat(fds.path(PID, 3)).isNull();
    assertThat(fds.path(PID, 10)).isEqualTo("/etc/passwd");
    // the fd number is reused: the new path wins, never the old one
    call("openat", 3, "/etc/hosts", -100, 0x1000, 0);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/hosts");
    call("dup", 4, null, 3);
    assertThat(fds.path(PID, 4)).isEqualTo("/etc/hosts");
    call("fcntl", 7, null, 4, 1030 /* F_DUPFD_CLOEXEC */, 0);
    assertThat(fds.path(PID, 7)).isEqualTo("/etc/hosts");
  }

  @Test
  void fdsReceivedInAMessageAreNamedFromProcWhileTheyAreOpen() {
    proc.put(PID + "/12", "pipe:[99]");
    fds.received(PID, new int[] {12, 13}); // 13 closed before the lookup: left unknown
    assertThat(fds.path(PID, 12)).isEqualTo("pipe:[99]");
    assertThat(fds.path(PID, 13)).isNull();
    call("close", 0, null, 12);
    assertThat(fds.path(PID, 12)).isNull();
  }

  @Test
  void aPipesCopiedFdsAreNamedFromProcOrAsAPipeAndExecClosesCloexecOnes() {
    proc.put(PID + "/5", "pipe:[1234]");
    proc.put(PID + "/6", "/etc/passwd"); // the process replaced the write end before the lookup
    long[] args = {0x7ffc0000L, O_CLOEXEC, 0, 0, 0, 0};
    fds.openedPair(PID, NR.get("pipe2"), args, new int[] {5, 6});
    assertThat(fds.path(PID, 5)).isEqualTo("pipe:[1234]");
    assertThat(fds.path(PID, 6)).isEqualTo("pipe:[?]");
    fds.openedPair(PID, NR.get("openat"), args, new int[] {7}); // not a call that makes pairs
    proc.put(PID + "/7", "/etc/hosts");
    assertThat(fds.path(PID, 7)).isEqualTo("/etc/hosts");
    call("execve", 0, null);
    proc.clear();
    assertThat(fds.path(PID, 5)).isNull();
  }

  @Test
  void failedCallsChangeNothing() {
    call("openat", -2, null, -100, 0x1000, 0);
    call("dup2", -9, null, 3, 10);
    assertThat(fds.path(PID, 10)).isNull();
  }

  @Test
  void execDropsCloexecFds() {
    call("openat", 3, "/keep", -100, 0x1000, 0);
    call("openat", 4, "/drop", -100, 0x1000, O_CLOEXEC);
    call("socket", 5, "socket:[77]", 2, 1 | O_CLOEXEC, 0);
    call("dup3", 6, null, 3, 6, O_CLOEXEC);
    call("fcntl", 0, null, 3, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */);
    call("execve", 0, null, 0, 0, 0);
    assertThat(fds.path(PID, 3)).isNull();
    assertThat(fds.path(PID, 4)).isNull();
    assertThat(fds.path(PID, 5)).isNull();
    assertThat(fds.path(PID, 6)).isNull();
  }

  @Test
  void fdsOpenedBeforeTracingComeFromProcOnce() {
    proc.put(PID + "/1", "/dev/pts/0");
    assertThat(fds.path(PID, 1)).isEqualTo("/dev/pts/0");
    proc.put(PID + "/1", "/changed/later");
    assertThat(fds.path(PID, 1)).isEqualTo("/dev/pts/0");
    call("close", 0, null, 1);
    assertThat(fds.path(PID, 1)).isNull();
  }

  @Test
  void liveTablesNeverLookUpLateButSnapshotFirst() {
    int self = (int) ProcessHandle.current().pid();
    FdTable live =
        new FdTable(
            FdSyscalls.resolve(Arch.X86_64, n -> NR.getOrDefault(n, -1)),
            FdTable.ProcFds.LIVE,
            false);
    assertThat(live.path(self, 0)).isNull();
    live.snapshot(self);
    assertThat(live.path(self, 0)).isNotNull();
    assertThat(live.path(self, 4095)).isNull();
  }

  @Test
  void forkCopiesTheTableAndThenTheyDiverge() {
    call("openat", 3, "/shared", -100, 0, 0);
    fds.fork(PID, 200);
    assertThat(fds.path(200, 3)).isEqualTo("/shared");
    call("close", 0, null, 3);
    assertThat(fds.path(200, 3)).isEqualTo("/shared");
    assertThat(fds.path(PID, 3)).isNull();
  }

  @Test
  void onlyClosingAndReplacingCallsReplaceFds() {
    FdSyscalls x86 = FdSyscalls.resolve(Arch.X86_64, n -> NR.getOrDefault(n, -1));
    assertThat(NR.keySet().stream().filter(n -> x86.replacesFds(NR.get(n))).sorted().toList())
        .containsExactly("close", "dup2", "dup3", "execve")
        .inOrder();
    assertThat(x86.replacesFds(-1)).isFalse();
  }

  @Test
  void liveLinksKeepBytesThatAreNotUtf8(@TempDir Path dir) throws Exception {
    // python3 creates a\nb<0xff>c in dir, keeps it open on fd 7 and waits: Java cannot name such a
    // file.
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "-c",
                  "import os,sys; fd=os.open(sys.argv[1].encode()+b'/a\\n"
                      + "b\\xffc', os.O_CREAT|os.O_RDONLY, 0o600); os.dup2(fd, 7);"
                      + " print(flush=True); sys.stdin.read()",
                  dir.toString())
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no python3 to make the file: " + e.getMessage());
      throw e;
    }
    try {
      assertThat(p.inputReader().readLine()).isEmpty();
      String link = FdTable.ProcFds.LIVE.readlink((int) p.pid(), 7);
      assertThat(link).isEqualTo(dir + "/a\nb\u00ffc");
    } finally {
      p.destroy();
    }
  }

  @Test
  void relearningAfterALossNamesOnlyWhatIsUnknown() {
    call("openat", 3, "/etc/passwd", -100, 0x1000, 0);
    call("openat", 4, "/etc/group", -100, 0x1000, 0);
    call("openat", 5, "/etc/hosts", -100, 0x1000, 0);
    fds.lost();
    call("openat", 6, "/etc/shells", -100, 0x1000, 0); // learned from the trace since the loss
    Map<Integer, String> present = new HashMap<>();
    present.put(3, "/tmp/a"); // /proc now: fd 3 is another file than before the loss
    present.put(5, null); // it changed while /proc was read
    present.put(6, "/tmp/wrong");
    present.put(7, "/tmp/b"); // opened in the lost records
    fds.relearn(PID, present);
    assertThat(fds.path(PID, 3)).isEqualTo("/tmp/a");
    assertThat(fds.path(PID, 4)).isNull(); // not listed: closed in the lost records
    assertThat(fds.path(PID, 5)).isEqualTo(FdTable.UNKNOWN_PATH);
    assertThat(fds.path(PID, 6)).isEqualTo("/etc/shells");
    assertThat(fds.path(PID, 7)).isEqualTo("/tmp/b");
  }
}
