package dev.jtrace.generator.signatures;

import dev.jtrace.generator.model.FormatField;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how each syscall argument and return value is rendered: explicit rules where the type says too
 * little (open flags, futex op, prctl option, …), then rules on the tracefs type and name. The kinds are
 * the names of {@code dev.jtrace.beauty.ArgKind} and {@code ReturnKind} constants. Rules are keyed by the
 * names of the snapshot's {@code syscalls/sys_enter_*} formats and their fields: a rule for any other name
 * never applies ({@code BeautifierRulesTest} checks them against the committed snapshot).
 */
public final class BeautifierRules {
  private static final Map<String, Map<String, String>> EXPLICIT = new HashMap<>();
  private static final Map<String, String> RETURNS = new HashMap<>();

  private static void on(String syscalls, String... argKinds) {
    Map<String, String> kinds = new HashMap<>();
    for (int i = 0; i < argKinds.length; i += 2) {
      kinds.put(argKinds[i], argKinds[i + 1]);
    }
    for (String syscall : syscalls.split(",")) {
      EXPLICIT.computeIfAbsent(syscall, k -> new HashMap<>()).putAll(kinds);
    }
  }

  private static void returns(String kind, String syscalls) {
    for (String syscall : syscalls.split(",")) {
      RETURNS.put(syscall, kind);
    }
  }

  static {
    on("access,faccessat", "mode", "ACCESS_MODE");
    on("faccessat2", "mode", "ACCESS_MODE", "flags", "AT_FLAGS");
    on("arch_prctl", "option", "ARCH_PRCTL_CODE", "arg2", "PTR");
    on("bind,connect", "addrlen", "INT");
    on("bpf", "cmd", "BPF_CMD");
    on("brk", "brk", "PTR");
    on("clock_gettime,clock_settime,clock_getres,clock_nanosleep,clock_adjtime,timer_create",
        "which_clock", "CLOCK_ID");
    on("timerfd_create", "clockid", "CLOCK_ID");
    on("clone", "clone_flags", "CLONE_FLAGS", "newsp", "HEX", "parent_tidptr", "HEX",
        "child_tidptr", "HEX", "tls", "HEX");
    on("epoll_ctl", "op", "EPOLL_CTL_OP");
    on("eventfd2", "flags", "EVENTFD_FLAGS");
    on("fcntl", "fd", "FD", "cmd", "FCNTL_CMD", "arg", "FCNTL_ARG");
    on("flock", "cmd", "FLOCK_OP");
    on("fsconfig", "cmd", "FSCONFIG_CMD");
    on("fsmount", "flags", "FSMOUNT_FLAGS", "attr_flags", "FSMOUNT_ATTR");
    on("fspick", "flags", "FSPICK_FLAGS");
    on("futex", "op", "FUTEX_OP", "val", "FUTEX_ARG", "utime", "FUTEX_ARG", "uaddr2", "FUTEX_ARG",
        "val3", "FUTEX_ARG");
    on("getitimer,setitimer", "which", "ITIMER_WHICH");
    on("getrandom", "flags", "GETRANDOM_FLAGS");
    on("getrlimit,setrlimit,prlimit64", "resource", "RLIMIT_RESOURCE");
    on("getsockopt,setsockopt", "level", "SOCKET_LEVEL", "optname", "SOCKOPT_NAME");
    on("accept4", "flags", "ACCEPT4_FLAGS");
    on("epoll_create1", "flags", "EPOLL_CREATE1_FLAGS");
    on("timerfd_create", "flags", "TIMERFD_FLAGS");
    on("memfd_create", "flags", "MEMFD_FLAGS");
    on("dup3", "flags", "DUP3_FLAGS");
    on("inotify_init1", "flags", "INOTIFY_FLAGS");
    on("signalfd4", "ufd", "FD", "flags", "SIGNALFD_FLAGS");
    on("close_range", "max_fd", "UINT", "flags", "CLOSE_RANGE_FLAGS");
    on("dup", "fildes", "FD");
    on("copy_file_range,splice", "fd_in", "FD", "fd_out", "FD");
    on("tee", "fdin", "FD", "fdout", "FD");
    on("ioctl", "cmd", "IOCTL_CMD", "arg", "HEX");
    on("kcmp", "type", "KCMP_TYPE", "idx1", "KCMP_IDX", "idx2", "KCMP_IDX");
    on("keyctl", "option", "KEYCTL_OPTION");
    on("kill,tkill,tgkill,rt_sigqueueinfo,rt_tgsigqueueinfo,rt_sigaction,pidfd_send_signal",
        "sig", "SIGNAL");
    on("lseek", "whence", "LSEEK_WHENCE");
    on("madvise", "start", "HEX", "behavior", "MADVISE_BEHAVIOR");
    on("process_madvise", "behavior", "MADVISE_BEHAVIOR");
    on("mmap", "addr", "HEX", "prot", "MMAP_PROT", "flags", "MMAP_FLAGS", "fd", "MMAP_FD",
        "off", "MMAP_OFFSET");
    on("mprotect,pkey_mprotect", "start", "HEX", "prot", "MMAP_PROT");
    on("mount", "dev_name", "FILENAME", "dir_name", "FILENAME", "type", "STRING",
        "flags", "MOUNT_FLAGS");
    // MNT_FORCE & co. are not UAPI (include/linux/fs.h): no table can name them.
    on("umount", "name", "FILENAME", "flags", "HEX");
    on("move_mount", "flags", "MOVE_MOUNT_FLAGS");
    on("mremap", "addr", "HEX", "new_addr", "HEX", "flags", "MREMAP_FLAGS");
    on("open,openat", "flags", "OPEN_FLAGS", "mode", "OPEN_MODE");
    on("open_by_handle_at", "mountdirfd", "DFD", "flags", "OPEN_FLAGS");
    on("perf_event_open", "cpu", "INT", "group_fd", "FD", "flags", "PERF_FLAGS");
    on("pipe2", "flags", "PIPE_FLAGS");
    on("pkey_alloc", "init_val", "PKEY_ACCESS_RIGHTS");
    on("prctl", "option", "PRCTL_OPTION", "arg2", "PRCTL_ARG", "arg3", "PRCTL_ARG",
        "arg4", "PRCTL_ARG", "arg5", "PRCTL_ARG");
    on("recvfrom,sendto", "flags", "MSG_FLAGS");
    on("recvmsg,sendmsg,recvmmsg,sendmmsg", "flags", "MSG_FLAGS");
    on("renameat2", "flags", "RENAMEAT2_FLAGS");
    on("rt_sigprocmask", "how", "SIGPROCMASK_HOW");
    on("sched_setscheduler", "policy", "SCHED_POLICY");
    on("seccomp", "op", "SECCOMP_OP", "flags", "SECCOMP_FLAGS");
    on("socket,socketpair", "family", "SOCKET_FAMILY", "type", "SOCKET_TYPE",
        "protocol", "SOCKET_PROTOCOL");
    on("statx", "flags", "AT_FLAGS", "mask", "STATX_MASK");
    on("newfstatat,unlinkat,fchownat,name_to_handle_at", "flag", "AT_FLAGS");
    on("utimensat,execveat,fchmodat2,linkat", "flags", "AT_FLAGS");
    on("sync_file_range", "flags", "SYNC_FILE_RANGE_FLAGS");
    on("wait4,waitid", "options", "WAIT_OPTIONS");

    returns("HEX", "brk,mmap,mremap,shmat");
    returns("PID", "clone,clone3,fork,vfork,getpid,getppid,gettid,getpgid,getpgrp,getsid,setsid,"
        + "set_tid_address,wait4");
    returns("FD", "open,openat,openat2,creat,dup,dup2,dup3,socket,accept,accept4,eventfd,eventfd2,"
        + "memfd_create,memfd_secret,epoll_create,epoll_create1,signalfd,signalfd4,timerfd_create,"
        + "inotify_init,inotify_init1,fanotify_init,perf_event_open,userfaultfd,pidfd_open,pidfd_getfd,"
        + "open_tree,fsopen,fsmount,fspick,open_by_handle_at,io_uring_setup,landlock_create_ruleset,"
        + "mq_open");
    returns("TIMEOUT", "poll,ppoll,select,pselect6,epoll_wait,epoll_pwait,epoll_pwait2");
    returns("FCNTL", "fcntl");
    returns("NONE", "exit,exit_group");
  }

  private static final Set<String> SIGNED_INTS = Set.of("int", "const int", "key_serial_t", "clockid_t",
      "const clockid_t", "timer_t", "mqd_t", "rwf_t", "qid_t", "uid_t", "gid_t", "old_uid_t", "old_gid_t");
  private static final Set<String> UNSIGNED_INTS = Set.of("unsigned int", "unsigned", "u32", "__u32",
      "unsigned short", "u16", "__u16", "u8", "__u8", "unsigned char");
  private static final Set<String> SIGNED_LONGS = Set.of("long", "off_t", "loff_t", "ssize_t", "time_t",
      "__kernel_old_time_t", "s64", "__s64", "long long");
  private static final Set<String> UNSIGNED_LONGS = Set.of("unsigned long", "size_t", "u64", "__u64",
      "unsigned long long", "aio_context_t", "cap_user_header_t", "cap_user_data_t");

  private BeautifierRules() {}

  /** The {@code ArgKind} constant name for one argument of a syscall. */
  public static String argKind(String syscall, FormatField field) {
    Map<String, String> explicit = EXPLICIT.get(syscall);
    if (explicit != null && explicit.containsKey(field.name())) {
      return explicit.get(field.name());
    }
    String type = field.type();
    String name = field.name();
    boolean pointer = type.contains("*");
    if ((type.equals("const char *") || type.equals("char *"))
        && (name.endsWith("name") || name.contains("path"))) {
      return "FILENAME";
    }
    if (pointer || name.contains("addr")) {
      return "PTR";
    }
    if (type.equals("pid_t")) {
      return "PID";
    }
    if (type.equals("umode_t")) {
      return "MODE";
    }
    if (field.arrayLength() != 0 && type.contains("char")) {
      return "STRING";
    }
    if (name.equals("dfd") || name.endsWith("dirfd") || name.endsWith("_dfd") || name.equals("olddfd")
        || name.equals("newdfd")) {
      return "DFD";
    }
    if (name.endsWith("fd") && (SIGNED_INTS.contains(type) || UNSIGNED_INTS.contains(type)
        || SIGNED_LONGS.contains(type) || UNSIGNED_LONGS.contains(type))) {
      return "FD";
    }
    if (name.equals("msr")) {
      return "X86_MSR";
    }
    if (name.equals("vector")) {
      return "X86_IRQ_VECTOR";
    }
    if (name.contains("flags") && !SIGNED_INTS.contains(type)) {
      return "HEX";
    }
    if (SIGNED_INTS.contains(type)) {
      return "INT";
    }
    if (UNSIGNED_INTS.contains(type)) {
      return "UINT";
    }
    if (SIGNED_LONGS.contains(type)) {
      return "LONG";
    }
    if (UNSIGNED_LONGS.contains(type)) {
      return "ULONG";
    }
    return "LONG";
  }

  /** The explicit rules: syscall (format name) → argument name → {@code ArgKind} constant name. */
  static Map<String, Map<String, String>> explicitRules() {
    return Collections.unmodifiableMap(EXPLICIT);
  }

  /** The explicit return rules: syscall (format name) → {@code ReturnKind} constant name. */
  static Map<String, String> returnRules() {
    return Collections.unmodifiableMap(RETURNS);
  }

  /** The {@code ReturnKind} constant name for a syscall. */
  public static String returnKind(String syscall) {
    return RETURNS.getOrDefault(syscall, "ERRNO");
  }
}
