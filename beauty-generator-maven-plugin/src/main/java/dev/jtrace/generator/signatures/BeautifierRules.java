package dev.jtrace.generator.signatures;

import static dev.jtrace.beauty.ArgKind.*;

import dev.jtrace.abi.model.FormatField;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ReturnKind;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how each syscall argument and return value is rendered: explicit rules where the type
 * says too little (open flags, futex op, prctl option, …), then rules on the tracefs type and name.
 * The kinds are beauty-api's {@link ArgKind} and {@link ReturnKind}, shared with the runtime. Rules
 * are keyed by the names of the snapshot's {@code syscalls/sys_enter_*} formats and their fields: a
 * rule for any other name never applies ({@code BeautifierRulesTest} checks them against the
 * committed snapshot).
 */
public final class BeautifierRules {
  private static final Map<String, Map<String, ArgKind>> EXPLICIT = new HashMap<>();
  private static final Map<String, ReturnKind> RETURNS = new HashMap<>();

  /** One explicit rule: the argument of that name renders as that kind. */
  private record Arg(String name, ArgKind kind) {}

  private static Arg arg(String name, ArgKind kind) {
    return new Arg(name, kind);
  }

  private static void on(String syscalls, Arg... args) {
    for (String syscall : syscalls.split(",")) {
      Map<String, ArgKind> kinds = EXPLICIT.computeIfAbsent(syscall, k -> new HashMap<>());
      for (Arg a : args) {
        kinds.put(a.name(), a.kind());
      }
    }
  }

  private static void returns(ReturnKind kind, String syscalls) {
    for (String syscall : syscalls.split(",")) {
      RETURNS.put(syscall, kind);
    }
  }

  static {
    on("access,faccessat", arg("mode", ACCESS_MODE));
    on("faccessat2", arg("mode", ACCESS_MODE), arg("flags", AT_FLAGS));
    on("arch_prctl", arg("option", ARCH_PRCTL_CODE), arg("arg2", PTR));
    on("bind,connect", arg("addrlen", INT));
    on("bpf", arg("cmd", BPF_CMD));
    on("brk", arg("brk", PTR));
    on(
        "clock_gettime,clock_settime,clock_getres,clock_nanosleep,clock_adjtime,timer_create",
        arg("which_clock", CLOCK_ID));
    on("timerfd_create", arg("clockid", CLOCK_ID));
    on(
        "clone",
        arg("clone_flags", CLONE_FLAGS),
        arg("newsp", HEX),
        arg("parent_tidptr", HEX),
        arg("child_tidptr", HEX),
        arg("tls", HEX));
    on("epoll_ctl", arg("op", EPOLL_CTL_OP));
    on("eventfd2", arg("flags", EVENTFD_FLAGS));
    on("fcntl", arg("fd", FD), arg("cmd", FCNTL_CMD), arg("arg", FCNTL_ARG));
    on("flock", arg("cmd", FLOCK_OP));
    on("fsconfig", arg("cmd", FSCONFIG_CMD));
    on("fsmount", arg("flags", FSMOUNT_FLAGS), arg("attr_flags", FSMOUNT_ATTR));
    on("fspick", arg("flags", FSPICK_FLAGS));
    on(
        "futex",
        arg("op", FUTEX_OP),
        arg("val", FUTEX_ARG),
        arg("utime", FUTEX_ARG),
        arg("uaddr2", FUTEX_ARG),
        arg("val3", FUTEX_ARG));
    on("getitimer,setitimer", arg("which", ITIMER_WHICH));
    on("getrandom", arg("flags", GETRANDOM_FLAGS));
    on("getrlimit,setrlimit,prlimit64", arg("resource", RLIMIT_RESOURCE));
    on("getsockopt,setsockopt", arg("level", SOCKET_LEVEL), arg("optname", SOCKOPT_NAME));
    on("accept4", arg("flags", ACCEPT4_FLAGS));
    on("epoll_create1", arg("flags", EPOLL_CREATE1_FLAGS));
    on("timerfd_create", arg("flags", TIMERFD_FLAGS));
    on("memfd_create", arg("flags", MEMFD_FLAGS));
    on("dup3", arg("flags", DUP3_FLAGS));
    on("inotify_init1", arg("flags", INOTIFY_FLAGS));
    on("signalfd4", arg("ufd", FD), arg("flags", SIGNALFD_FLAGS));
    on("close_range", arg("max_fd", UINT), arg("flags", CLOSE_RANGE_FLAGS));
    on("dup", arg("fildes", FD));
    on("copy_file_range,splice", arg("fd_in", FD), arg("fd_out", FD));
    on("tee", arg("fdin", FD), arg("fdout", FD));
    on("ioctl", arg("cmd", IOCTL_CMD), arg("arg", HEX));
    on("kcmp", arg("type", KCMP_TYPE), arg("idx1", KCMP_IDX), arg("idx2", KCMP_IDX));
    on("keyctl", arg("option", KEYCTL_OPTION));
    on(
        "kill,tkill,tgkill,rt_sigqueueinfo,rt_tgsigqueueinfo,rt_sigaction,pidfd_send_signal",
        arg("sig", SIGNAL));
    on("lseek", arg("whence", LSEEK_WHENCE));
    on("madvise", arg("start", HEX), arg("behavior", MADVISE_BEHAVIOR));
    on("process_madvise", arg("behavior", MADVISE_BEHAVIOR));
    on(
        "mmap",
        arg("addr", HEX),
        arg("prot", MMAP_PROT),
        arg("flags", MMAP_FLAGS),
        arg("fd", MMAP_FD),
        arg("off", MMAP_OFFSET));
    on("mprotect,pkey_mprotect", arg("start", HEX), arg("prot", MMAP_PROT));
    on(
        "mount",
        arg("dev_name", FILENAME),
        arg("dir_name", FILENAME),
        arg("type", STRING),
        arg("flags", MOUNT_FLAGS));
    // MNT_FORCE & co. are not UAPI (include/linux/fs.h): no table can name them.
    on("umount", arg("name", FILENAME), arg("flags", HEX));
    on("move_mount", arg("flags", MOVE_MOUNT_FLAGS));
    on("mremap", arg("addr", HEX), arg("new_addr", HEX), arg("flags", MREMAP_FLAGS));
    on("open,openat", arg("flags", OPEN_FLAGS), arg("mode", OPEN_MODE));
    on("open_by_handle_at", arg("mountdirfd", DFD), arg("flags", OPEN_FLAGS));
    on("perf_event_open", arg("cpu", INT), arg("group_fd", FD), arg("flags", PERF_FLAGS));
    on("pipe2", arg("flags", PIPE_FLAGS));
    on("pkey_alloc", arg("init_val", PKEY_ACCESS_RIGHTS));
    on(
        "prctl",
        arg("option", PRCTL_OPTION),
        arg("arg2", PRCTL_ARG),
        arg("arg3", PRCTL_ARG),
        arg("arg4", PRCTL_ARG),
        arg("arg5", PRCTL_ARG));
    on("recvfrom,sendto", arg("flags", MSG_FLAGS));
    on("recvmsg,sendmsg,recvmmsg,sendmmsg", arg("flags", MSG_FLAGS));
    on("renameat2", arg("flags", RENAMEAT2_FLAGS));
    on("rt_sigprocmask", arg("how", SIGPROCMASK_HOW));
    on("sched_setscheduler", arg("policy", SCHED_POLICY));
    on("seccomp", arg("op", SECCOMP_OP), arg("flags", SECCOMP_FLAGS));
    on(
        "socket,socketpair",
        arg("family", SOCKET_FAMILY),
        arg("type", SOCKET_TYPE),
        arg("protocol", SOCKET_PROTOCOL));
    on("statx", arg("flags", AT_FLAGS), arg("mask", STATX_MASK));
    on("newfstatat,unlinkat,fchownat,name_to_handle_at", arg("flag", AT_FLAGS));
    on("utimensat,execveat,fchmodat2,linkat", arg("flags", AT_FLAGS));
    on("sync_file_range", arg("flags", SYNC_FILE_RANGE_FLAGS));
    on("wait4,waitid", arg("options", WAIT_OPTIONS));
    on("waitid", arg("which", IDTYPE));

    returns(ReturnKind.HEX, "brk,mmap,mremap,shmat");
    returns(
        ReturnKind.PID,
        "clone,clone3,fork,vfork,getpid,getppid,gettid,getpgid,getpgrp,getsid,setsid,"
            + "set_tid_address,wait4");
    returns(
        ReturnKind.FD,
        "open,openat,openat2,creat,dup,dup2,dup3,socket,accept,accept4,eventfd,eventfd2,"
            + "memfd_create,memfd_secret,epoll_create,epoll_create1,signalfd,signalfd4,timerfd_create,"
            + "inotify_init,inotify_init1,fanotify_init,perf_event_open,userfaultfd,pidfd_open,pidfd_getfd,"
            + "open_tree,fsopen,fsmount,fspick,open_by_handle_at,io_uring_setup,landlock_create_ruleset,"
            + "mq_open");
    returns(ReturnKind.TIMEOUT, "poll,ppoll,select,pselect6,epoll_wait,epoll_pwait,epoll_pwait2");
    returns(ReturnKind.FCNTL, "fcntl");
    returns(ReturnKind.SIGNAL, "rt_sigtimedwait");
    returns(ReturnKind.NONE, "exit,exit_group");
  }

  private static final Set<String> SIGNED_INTS =
      Set.of(
          "int",
          "const int",
          "key_serial_t",
          "clockid_t",
          "const clockid_t",
          "timer_t",
          "mqd_t",
          "rwf_t",
          "qid_t",
          "uid_t",
          "gid_t",
          "old_uid_t",
          "old_gid_t");
  private static final Set<String> UNSIGNED_INTS =
      Set.of(
          "unsigned int",
          "unsigned",
          "u32",
          "__u32",
          "unsigned short",
          "u16",
          "__u16",
          "u8",
          "__u8",
          "unsigned char");
  private static final Set<String> SIGNED_LONGS =
      Set.of(
          "long",
          "off_t",
          "loff_t",
          "ssize_t",
          "time_t",
          "__kernel_old_time_t",
          "s64",
          "__s64",
          "long long");
  private static final Set<String> UNSIGNED_LONGS =
      Set.of(
          "unsigned long",
          "size_t",
          "u64",
          "__u64",
          "unsigned long long",
          "aio_context_t",
          "cap_user_header_t",
          "cap_user_data_t");

  private BeautifierRules() {}

  /** The kind one argument of a syscall renders as. */
  public static ArgKind argKind(String syscall, FormatField field) {
    Map<String, ArgKind> explicit = EXPLICIT.get(syscall);
    if (explicit != null && explicit.containsKey(field.name())) {
      return explicit.get(field.name());
    }
    String type = field.type();
    String name = field.name();
    boolean pointer = type.contains("*");
    if ((type.equals("const char *") || type.equals("char *"))
        && (name.endsWith("name") || name.contains("path"))) {
      return ArgKind.FILENAME;
    }
    if (pointer || name.contains("addr")) {
      return ArgKind.PTR;
    }
    if (type.equals("pid_t")) {
      return ArgKind.PID;
    }
    if (type.equals("umode_t")) {
      return ArgKind.MODE;
    }
    if (field.arrayLength() != 0 && type.contains("char")) {
      return ArgKind.STRING;
    }
    if (name.equals("dfd")
        || name.endsWith("dirfd")
        || name.endsWith("_dfd")
        || name.equals("olddfd")
        || name.equals("newdfd")) {
      return ArgKind.DFD;
    }
    if (name.endsWith("fd")
        && (SIGNED_INTS.contains(type)
            || UNSIGNED_INTS.contains(type)
            || SIGNED_LONGS.contains(type)
            || UNSIGNED_LONGS.contains(type))) {
      return ArgKind.FD;
    }
    if (name.equals("msr")) {
      return ArgKind.X86_MSR;
    }
    if (name.equals("vector")) {
      return ArgKind.X86_IRQ_VECTOR;
    }
    if (name.contains("flags") && !SIGNED_INTS.contains(type)) {
      return ArgKind.HEX;
    }
    if (SIGNED_INTS.contains(type)) {
      return ArgKind.INT;
    }
    if (UNSIGNED_INTS.contains(type)) {
      return ArgKind.UINT;
    }
    if (SIGNED_LONGS.contains(type)) {
      return ArgKind.LONG;
    }
    if (UNSIGNED_LONGS.contains(type)) {
      return ArgKind.ULONG;
    }
    return ArgKind.LONG;
  }

  /** The explicit rules: syscall (format name) → argument name → kind. */
  static Map<String, Map<String, ArgKind>> explicitRules() {
    return Collections.unmodifiableMap(EXPLICIT);
  }

  /** The explicit return rules: syscall (format name) → return kind. */
  static Map<String, ReturnKind> returnRules() {
    return Collections.unmodifiableMap(RETURNS);
  }

  /** How a syscall's return value renders. */
  public static ReturnKind returnKind(String syscall) {
    return RETURNS.getOrDefault(syscall, ReturnKind.ERRNO);
  }
}
