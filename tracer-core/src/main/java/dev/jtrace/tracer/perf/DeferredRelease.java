package dev.jtrace.tracer.perf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets jtrace exit without waiting for the kernel to release its perf events.
 *
 * <p>Releasing the last perf event of a tracepoint waits for RCU grace periods under the kernel's
 * event mutex, one tracepoint after the other: 150–200 ms of a 0.4 s {@code jtrace -- true} in this
 * VM. Before it exits, jtrace starts a child ({@code cat}, reading a pipe only jtrace writes to)
 * that inherits every perf and BPF fd. jtrace's own closes then only drop references; the last
 * reference goes when the child sees the pipe's end (jtrace has exited) and exits itself, and
 * nobody waits for that. The events are disabled and their rings read before the hand-over, so
 * nothing more is recorded in the meantime.
 */
public final class DeferredRelease {
  private DeferredRelease() {}

  private static final class Spawn {
    private static final Linker LINKER = Linker.nativeLinker();
    static final MethodHandle POSIX_SPAWN =
        handle(
            "posix_spawn",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS));
    static final MethodHandle ACTIONS_INIT =
        handle(
            "posix_spawn_file_actions_init",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    static final MethodHandle ACTIONS_DUP2 =
        handle(
            "posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    static final MethodHandle ACTIONS_OPEN =
        handle(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    static final MethodHandle ACTIONS_DESTROY =
        handle(
            "posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private static MethodHandle handle(String name, FunctionDescriptor d) {
      return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d);
    }
  }

  /** glibc's posix_spawn_file_actions_t is 80 bytes on x86_64; room to spare. */
  private static final long FILE_ACTIONS_SIZE = 256;

  private static final int O_WRONLY = 1;

  /**
   * Starts the holder child for every perf event and BPF fd this process has open. Returns false
   * (and changes nothing that matters: the closes then wait as before) when there is nothing to
   * hand over or the child cannot be started.
   */
  public static boolean handOver() {
    List<Integer> fds = kernelObjectFds();
    Path cat =
        Files.isExecutable(Path.of("/bin/cat")) ? Path.of("/bin/cat") : Path.of("/usr/bin/cat");
    if (fds.isEmpty() || !Files.isExecutable(cat)) {
      return false;
    }
    int[] pipe;
    try {
      pipe = NativeCalls.pipeCloexec();
      for (int fd : fds) {
        NativeCalls.keepOnExec(fd);
      }
    } catch (PerfException e) {
      return false;
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment actions = a.allocate(FILE_ACTIONS_SIZE, 16);
      MemorySegment devNull = a.allocateFrom("/dev/null");
      MemorySegment path = a.allocateFrom(cat.toString());
      MemorySegment argv = a.allocate(ValueLayout.ADDRESS, 2);
      argv.setAtIndex(ValueLayout.ADDRESS, 0, a.allocateFrom("cat"));
      argv.setAtIndex(ValueLayout.ADDRESS, 1, MemorySegment.NULL);
      MemorySegment envp = a.allocate(ValueLayout.ADDRESS, 1);
      envp.setAtIndex(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
      MemorySegment pid = a.allocate(ValueLayout.JAVA_INT);
      if ((int) Spawn.ACTIONS_INIT.invokeExact(actions) != 0) {
        return false;
      }
      try {
        // stdin: the pipe's read end (EOF once jtrace is gone); stdout and stderr: /dev/null.
        int r = (int) Spawn.ACTIONS_DUP2.invokeExact(actions, pipe[0], 0);
        r |= (int) Spawn.ACTIONS_OPEN.invokeExact(actions, 1, devNull, O_WRONLY, 0);
        r |= (int) Spawn.ACTIONS_DUP2.invokeExact(actions, 1, 2);
        if (r != 0) {
          return false;
        }
        int rc =
            (int) Spawn.POSIX_SPAWN.invokeExact(pid, path, actions, MemorySegment.NULL, argv, envp);
        return rc == 0;
      } finally {
        int ignored = (int) Spawn.ACTIONS_DESTROY.invokeExact(actions);
        NativeCalls.close(pipe[0]);
        // pipe[1] stays open until this process exits: that is the child's signal to go.
      }
    } catch (Throwable t) {
      return false;
    }
  }

  /** This process's fds that are perf events or BPF objects. */
  private static List<Integer> kernelObjectFds() {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : dir) {
        try {
          String target = Files.readSymbolicLink(p).toString();
          if (target.equals("anon_inode:[perf_event]") || target.startsWith("anon_inode:bpf")) {
            out.add(Integer.parseInt(p.getFileName().toString()));
          }
        } catch (IOException | NumberFormatException e) {
          // the directory's own fd, or one closed meanwhile
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }
}
