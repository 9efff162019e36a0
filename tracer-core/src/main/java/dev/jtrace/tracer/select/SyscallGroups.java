package dev.jtrace.tracer.select;

import java.util.List;
import java.util.Map;

/** strace-style syscall classes usable in -e: {@code file}, {@code network}, … (names, any arch). */
public final class SyscallGroups {
  private SyscallGroups() {}

  private static final List<String> FILE =
      List.of("open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat", "statx", "access",
          "faccessat", "faccessat2", "execve", "execveat", "chdir", "chmod", "fchmodat", "fchmodat2",
          "chown", "lchown", "fchownat", "link", "linkat", "unlink", "unlinkat", "symlink", "symlinkat",
          "readlink", "readlinkat", "rename", "renameat", "renameat2", "mkdir", "mkdirat", "rmdir",
          "mknod", "mknodat", "truncate", "utime", "utimes", "utimensat", "futimesat", "mount",
          "umount2", "swapon", "swapoff", "chroot", "pivot_root", "acct", "statfs", "getxattr",
          "lgetxattr", "setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr",
          "lremovexattr", "inotify_add_watch", "fanotify_mark", "name_to_handle_at", "quotactl",
          "uselib", "open_tree", "move_mount", "mount_setattr");
  private static final List<String> NETWORK =
      List.of("socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname",
          "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
          "shutdown", "setsockopt", "getsockopt");
  private static final List<String> PROCESS =
      List.of("fork", "vfork", "clone", "clone3", "execve", "execveat", "exit", "exit_group", "wait4",
          "waitid", "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
          "pidfd_send_signal", "pidfd_open", "unshare");
  private static final List<String> SIGNAL =
      List.of("rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigtimedwait",
          "rt_sigsuspend", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "sigaltstack", "kill", "tkill",
          "tgkill", "pause", "signalfd", "signalfd4", "pidfd_send_signal");
  private static final List<String> MEMORY =
      List.of("brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock", "mlock2", "munlock",
          "mlockall", "munlockall", "mincore", "msync", "remap_file_pages", "mbind", "set_mempolicy",
          "get_mempolicy", "migrate_pages", "move_pages", "pkey_mprotect", "process_madvise",
          "map_shadow_stack", "mseal");
  private static final List<String> IPC =
      List.of("msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop", "semctl",
          "shmget", "shmat", "shmdt", "shmctl");
  private static final List<String> DESC =
      List.of("read", "write", "open", "openat", "openat2", "creat", "close", "close_range", "fstat",
          "newfstatat", "statx", "lseek", "pread64", "pwrite64", "readv", "writev", "preadv",
          "pwritev", "preadv2", "pwritev2", "pipe", "pipe2", "select", "pselect6", "poll", "ppoll",
          "dup", "dup2", "dup3", "fcntl", "flock", "fsync", "fdatasync", "ftruncate", "getdents",
          "getdents64", "fchdir", "fchmod", "fchmodat", "fchown", "fchownat", "fstatfs", "readahead",
          "fsetxattr", "fgetxattr", "flistxattr", "fremovexattr", "epoll_create", "epoll_create1",
          "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "signalfd",
          "signalfd4", "timerfd_create", "timerfd_settime", "timerfd_gettime", "inotify_init",
          "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_init", "fanotify_mark",
          "sendfile", "splice", "tee", "vmsplice", "copy_file_range", "fallocate", "fadvise64",
          "sync_file_range", "syncfs", "mmap", "ioctl", "memfd_create", "faccessat", "faccessat2",
          "mkdirat", "mknodat", "unlinkat", "linkat", "symlinkat", "readlinkat", "renameat",
          "renameat2", "utimensat", "futimesat", "execveat", "name_to_handle_at",
          "open_by_handle_at", "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd",
          "pidfd_getfd", "fsconfig", "fsmount", "fspick");

  // user and group ids and capabilities; the 16-bit-id arches' *32 calls included
  private static final List<String> CREDS =
      List.of("getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid", "getegid32",
          "setuid", "setuid32", "setgid", "setgid32", "setreuid", "setreuid32", "setregid", "setregid32",
          "setresuid", "setresuid32", "setresgid", "setresgid32", "getresuid", "getresuid32", "getresgid",
          "getresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32", "getgroups", "getgroups32",
          "setgroups", "setgroups32", "capget", "capset");
  // reading and setting clocks (not sleeping on them); the 32-bit arches' *_time64 calls included
  private static final List<String> CLOCK =
      List.of("time", "stime", "gettimeofday", "settimeofday", "adjtimex", "clock_gettime", "clock_settime",
          "clock_getres", "clock_adjtime", "clock_gettime64", "clock_settime64", "clock_getres_time64",
          "clock_adjtime64");

  private static final Map<String, List<String>> GROUPS =
      Map.of("file", FILE, "network", NETWORK, "net", NETWORK, "process", PROCESS, "signal", SIGNAL,
          "memory", MEMORY, "ipc", IPC, "desc", DESC, "creds", CREDS, "clock", CLOCK);

  /** The names in group, or null when it is not a group name (a leading % is allowed). */
  public static List<String> members(String group) {
    String g = group.startsWith("%") ? group.substring(1) : group;
    return GROUPS.get(g);
  }
}
