package dev.jtrace.tracer.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's C workload for argument contents (src/test/c/contents.c): built with gcc into
 * target/c once per run, it makes each call issue 9 decodes with values the tests know, then prints
 * the facts they cannot know ahead (fds, pids, the UDP port) as {@code name value...} lines.
 */
public final class ContentsWorkload {
  private static final Path SOURCE = module().resolve("src/test/c/contents.c");
  private static final Path BINARY = module().resolve("target/c/contents");

  private ContentsWorkload() {}

  private static Path module() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** The built workload; skips the calling test when gcc cannot build it. */
  public static synchronized Path binary() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)
        && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
      return BINARY;
    }
    Files.createDirectories(BINARY.getParent());
    Process gcc;
    try {
      gcc =
          new ProcessBuilder(
                  "gcc", "-O1", "-Wall", "-Werror", "-o", BINARY.toString(), SOURCE.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc to build " + SOURCE + ": " + e.getMessage());
      throw e;
    }
    String out = new String(gcc.getInputStream().readAllBytes());
    assumeTrue(
        gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
        "gcc cannot build " + SOURCE + ": " + out);
    return BINARY;
  }

  /** The command line that runs the workload with its files in dir. */
  public static String[] command(Path dir) throws IOException, InterruptedException {
    return new String[] {binary().toString(), dir.toString()};
  }

  /**
   * Pieces of the text lines the workload's calls show with their copies, live or replayed from a
   * recording: values that no run changes.
   */
  public static List<String> copiesShown(Path dir) {
    String known = dir.resolve("known.txt").toString();
    return List.of(
        "fstat(fd: 3<" + known + ">, statbuf: {st_mode=S_IFREG|0640, st_size=15, ...})",
        "pipe2(fildes: [3, 4], flags: CLOEXEC)",
        "writev(fd: 4<pipe:[",
        ">, vec: [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\", iov_len=3}], vlen: 2)",
        "poll(ufds: [{fd=3<pipe:[",
        ">, events=POLLIN}], nfds: 1, timeout_msecs: 1000)",
        "= 1 ([{fd=3<pipe:[",
        "sun_path=\"" + dir.resolve("sock") + "\"}",
        "sin_addr=inet_addr(\"127.0.0.1\")}",
        "nanosleep(rqtp: {tv_sec=0, tv_nsec=1000000})",
        "sa_mask=[SIGUSR2]}",
        "rt_sigprocmask(how: BLOCK, nset: [SIGUSR2], oset: [], sigsetsize: 8)",
        "stat_addr: [{WIFEXITED(s) && WEXITSTATUS(s) == 3}]",
        "cmd: TCGETS, arg: {c_iflag=",
        "cmd: TCSETS, arg: {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB3|BS0|VT0|FF0|OPOST|ONLCR,"
            + " c_cflag=B9600|CS8|CREAD,",
        "cmd: TCGETS2, arg: {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB3|",
        "cmd: TIOCSWINSZ, arg: {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})",
        "cmd: TIOCGWINSZ, arg: {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})",
        "rt_sigqueueinfo(",
        "uinfo: {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=",
        ", si_uid=0, si_int=42, si_ptr=0x2a}",
        "rt_sigtimedwait(uthese: [SIGUSR2], uinfo: {si_signo=SIGUSR2, si_code=SI_QUEUE,",
        "= 12 (SIGUSR2)",
        // the pipe's read end (3) sent over the socket pair (5, 6) and received
        "sendmsg(fd: 5<socket:[",
        ">, msg: {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"msg!\", iov_len=4}],"
            + " msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET,"
            + " cmsg_type=SCM_RIGHTS, cmsg_data=[3<pipe:[",
        // what each message's msghdr points at, read at exit up to the message's msg_len
        "mmsg: [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", iov_len=3}],"
            + " msg_iovlen=1, msg_control=NULL, msg_controllen=0, msg_flags=0}, msg_len=3},"
            + " {msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"two\", iov_len=3}],",
        "mmsg: [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"onetwo\","
            + " iov_len=8}], msg_iovlen=1, msg_control=NULL, msg_controllen=0, msg_flags=0},"
            + " msg_len=6}], vlen: 1) = 1",
        "<" + dir.resolve("entries") + ">, dirent: 0x",
        " /* 3 entries */, count: 4096) = 72",
        "setxattr(pathname: \"" + known + "\", name: \"user.jtrace\", value: \"value!\", size: 6)",
        "getxattr(pathname: \""
            + known
            + "\", name: \"user.jtrace\", value: \"value!\", size: 16) = 6",
        "listxattr(pathname: \"" + known + "\", list: \"user.jtrace\\0\", size: 64) = 12",
        "statfs(pathname: \"" + dir + "\", buf: {f_type=",
        ", f_fsid={val=[0x",
        "sigaltstack(uss: {ss_sp=0x",
        ", ss_flags=0, ss_size=16384}, uoss: {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0",
        "sched_getaffinity(len: 128, user_mask_ptr: [0",
        "getgroups(gidsetsize: 64, grouplist: [",
        "recvmsg(fd: 6<socket:[",
        ">, msg: {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"msg!\", iov_len=8}],"
            + " msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET,"
            + " cmsg_type=SCM_RIGHTS, cmsg_data=[");
  }

  /** The facts a run printed: each line's first word, then the rest split on spaces. */
  public static Map<String, List<String>> facts(String stdout) {
    Map<String, List<String>> facts = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        String[] words = line.split(" ");
        facts.put(words[0], List.of(words).subList(1, words.length));
      }
    }
    return facts;
  }
}
