package dev.jtrace.generator.tables;

import static dev.jtrace.generator.tables.Selector.defines;
import static dev.jtrace.generator.tables.Selector.enums;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.beauty.table.TableKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Every string table jtrace generates and the facts it comes from. The first group mirrors perf's
 * {@code tools/perf/trace/beauty/*.sh} selection rules (checked entry for entry by {@code
 * scripts/verify-beauty-tables}); the second covers tables perf keeps by hand although the headers
 * define them.
 */
public final class TableCatalog {
  /** A decimal literal. */
  static final String DEC = "[0-9]+";

  /** A hex literal, possibly followed by more text (perf's regexes take the leading literal). */
  static final String HEX = "0x[0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?";

  private static final String UAPI = "include/uapi/";
  private static final String LINUX = UAPI + "linux/";
  private static final String GENERIC = UAPI + "asm-generic/";

  /** Kernel arch directories that may have their own uapi headers. */
  private static final List<String> ARCHES =
      List.of(
          "alpha", "arm", "arm64", "mips", "parisc", "powerpc", "riscv", "s390", "sparc", "x86",
          "xtensa");

  private final AbiSnapshot snapshot;
  private final List<TableSpec> specs = new ArrayList<>();

  private TableCatalog(AbiSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** The specs for this snapshot (arch variants exist where the snapshot has the arch's header). */
  public static List<TableSpec> specs(AbiSnapshot snapshot) {
    TableCatalog c = new TableCatalog(snapshot);
    c.perfTables();
    c.mmapTables();
    c.handKeptTables();
    return List.copyOf(c.specs);
  }

  private void add(TableSpec s) {
    specs.add(s);
  }

  private static String archHeader(String arch, String file) {
    return "arch/" + arch + "/include/uapi/asm/" + file;
  }

  private boolean has(String header) {
    return snapshot.headers().containsKey(header);
  }

  private boolean includes(String header, String included) {
    return new FactSelector(snapshot).withIncludes(header).contains(included);
  }

  private void perfTables() {
    String prctl = LINUX + "prctl.h";
    add(
        TableSpec.of(
                "prctl_options",
                TableKind.VALUE,
                "PR_",
                defines(prctl, "PR_(\\w+)")
                    .text("[0-9a-fA-F]+")
                    .exclude("PR_SET_MM_.*", "PR_SET_PTRACER.*")
                    .ascendingOnly())
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
                "prctl_set_mm_options",
                TableKind.VALUE,
                "PR_SET_MM_",
                defines(prctl, "PR_SET_MM_(\\w+)").text(DEC))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
                "madvise_advices",
                TableKind.VALUE,
                "MADV_",
                defines(GENERIC + "mman-common.h", "MADV_(\\w+)").text(DEC))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
            "socket_families",
            TableKind.VALUE,
            "AF_",
            defines("include/linux/socket.h", "AF_(\\w+)").text(DEC).exclude("AF_UNIX", "AF_MAX")));
    add(
        TableSpec.of(
                "socket_ipproto",
                TableKind.VALUE,
                "IPPROTO_",
                enums(LINUX + "in.h", "IPPROTO_(\\w+)").exclude("IPPROTO_MAX"))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
                "socket_level",
                TableKind.VALUE,
                "SOL_",
                defines("include/linux/socket.h", "SOL_(\\w+)").text(DEC))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
            "fsconfig_cmds",
            TableKind.VALUE,
            "FSCONFIG_",
            enums(LINUX + "mount.h", "FSCONFIG_(\\w+)")));
    add(
        TableSpec.of(
            "kcmp_types",
            TableKind.VALUE,
            "KCMP_",
            enums(LINUX + "kcmp.h", "KCMP_(\\w+)").exclude("KCMP_TYPES")));
    // perf drops the s390 values of DONTNEED and NOREUSE; the snapshot holds the branch of its own
    // arch.
    add(
        TableSpec.of(
                "fadvise_advices",
                TableKind.VALUE,
                "POSIX_FADV_",
                defines(LINUX + "fadvise.h", "POSIX_FADV_(\\w+)").text(DEC))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
                "x86_irq_vectors",
                TableKind.VALUE,
                "",
                defines("arch/x86/include/asm/irq_vectors.h", "(\\w+)_VECTOR")
                    .text("0x[0-9a-fA-F]+|FIRST_EXTERNAL_VECTOR")
                    // The base the others count from, not a vector of its own.
                    .exclude("FIRST_EXTERNAL_VECTOR"))
            .arch("x86")
            .duplicates(Duplicates.LAST_BY_NAME));

    String mount = LINUX + "mount.h";
    add(
        TableSpec.of(
                "mount_flags",
                TableKind.FLAGS,
                "MS_",
                defines(mount, "MS_(\\w+)").text(DEC).exclude("MS_\\w*(MSK|VERBOSE|MGC_VAL)"),
                defines(mount, "MS_(\\w+)").text("\\(1 ?<< ?[0-9]+\\)"))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
            "fsmount_attr_flags",
            TableKind.FLAGS,
            "MOUNT_ATTR_",
            defines(mount, "MOUNT_ATTR_([A-Za-z0-9]\\w+)")
                .text(HEX)
                .exclude("MOUNT_ATTR_RELATIME")));
    add(
        TableSpec.of(
            "move_mount_flags",
            TableKind.FLAGS,
            "MOVE_MOUNT_",
            defines(mount, "MOVE_MOUNT_([^_]+\\w+)").text(HEX)));
    add(
        TableSpec.of(
            "fspick_flags", TableKind.FLAGS, "FSPICK_", defines(mount, "FSPICK_(\\w+)").text(HEX)));
    add(
        TableSpec.of(
            "fsmount_flags",
            TableKind.FLAGS,
            "FSMOUNT_",
            defines(mount, "FSMOUNT_(\\w+)").text(HEX)));
    add(
        TableSpec.of(
            "mremap_flags",
            TableKind.FLAGS,
            "MREMAP_",
            defines(LINUX + "mman.h", "MREMAP_(\\w+)")
                .text("(0x)?[0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?")));
    add(
        TableSpec.of(
            "rename_flags",
            TableKind.FLAGS,
            "RENAME_",
            defines(LINUX + "fs.h", "RENAME_(\\w+)").text("\\(1 ?<< ?[0-9a-fA-F]+ ?\\).*")));
    add(
        TableSpec.of(
            "sync_file_range_flags",
            TableKind.FLAGS,
            "SYNC_FILE_RANGE_",
            defines(LINUX + "fs.h", "SYNC_FILE_RANGE_(\\w+)").text(DEC)));
    add(
        TableSpec.of(
                "pkey_alloc_access_rights",
                TableKind.FLAGS,
                "PKEY_",
                defines(GENERIC + "mman-common.h", "PKEY_(\\w+)").text(HEX))
            .duplicates(Duplicates.LAST_BY_NAME));
    add(
        TableSpec.of(
            "clone_flags",
            TableKind.FLAGS,
            "CLONE_",
            defines(LINUX + "sched.h", "CLONE_([^_]+\\w+)").text(HEX)));
    add(
        TableSpec.of(
            "fs_at_flags",
            TableKind.FLAGS,
            "AT_",
            defines(LINUX + "fcntl.h", "AT_([^_]+\\w+)")
                .text(HEX)
                .exclude(
                    "AT_EACCESS",
                    "AT_STATX_SYNC_TYPE",
                    "AT_HANDLE_FID",
                    "AT_HANDLE_MNT_ID_UNIQUE",
                    "AT_RENAME_NOREPLACE")));
    add(
        TableSpec.of(
            "statx_mask",
            TableKind.FLAGS,
            "STATX_",
            defines(LINUX + "stat.h", "STATX_([^_]+\\w+)")
                .text(HEX)
                .exclude("STATX_ALL", "STATX_BASIC_STATS", "STATX_ATTR_\\w*")));

    add(
        TableSpec.of(
                "x86_arch_prctl_codes",
                TableKind.OFFSET,
                "ARCH_",
                defines("arch/x86/include/uapi/asm/prctl.h", "ARCH_(\\w+)")
                    .text("0x[124][0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?"))
            .arch("x86"));
    String msr = "arch/x86/include/asm/msr-index.h";
    add(
        TableSpec.of(
                "x86_msrs",
                TableKind.OFFSET,
                "MSR_",
                defines(msr, "MSR_([A-Za-z0-9]\\w+)")
                    .text("0x00000[0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?")
                    .exclude("MSR_(ATOM|P[46]|IA32_(TSC_DEADLINE|UCODE_REV)|IDT_FCR4)\\w*"),
                defines(msr, "MSR_([A-Za-z0-9]\\w+)")
                    .text("0xc0000[0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?")
                    .exclude("MSR_K6_WHCR"),
                defines(msr, "MSR_([A-Za-z0-9]\\w+)")
                    .text("0xc0010[0-9a-fA-F]+(?:[^0-9a-fA-FxX].*)?"))
            .arch("x86")
            .duplicates(Duplicates.LAST_BY_NAME));

    String drm = UAPI + "drm/";
    add(
        TableSpec.of(
                "drm_ioctl_cmds",
                TableKind.IOCTL,
                "DRM_IOCTL_",
                defines(drm + "drm.h", "DRM_IOCTL_([A-Z0-9_]+)")
                    .valueFrom("DRM_IO[A-Z]* ?\\( ?(0x[0-9a-fA-F]+),?.*"),
                defines(drm + "i915_drm.h", "DRM_(I915_[A-Z0-9_]+)")
                    .text("0x[0-9a-fA-F]+")
                    .valueFrom("(0x[0-9a-fA-F]+)")
                    .plus(0x40))
            .ioctl('d', "ANY"));
    add(
        TableSpec.of(
                "kvm_ioctl_cmds",
                TableKind.IOCTL,
                "KVM_",
                defines(LINUX + "kvm.h", "KVM_(\\w+)")
                    .valueFrom("_IO[RW]* ?\\( ?KVMIO ?, ?(0x[0-9a-fA-F]+).*")
                    .exclude(
                        "KVM_((ARM|PPC|S390)_|[GS]ET_(DEBUGREGS|PIT2|XSAVE|TSC_KHZ)|CREATE_SPAPR_TCE_64)\\w*"))
            // 0x67 is both IRQ_LINE_STATUS (_IOWR) and REGISTER_COALESCED_MMIO (_IOW): the first
            // defined prints.
            .duplicates(Duplicates.FIRST)
            .ioctl(0xAE, "ANY"));
    String asound = UAPI + "sound/asound.h";
    add(
        TableSpec.of(
                "sndrv_pcm_ioctl_cmds",
                TableKind.IOCTL,
                "SNDRV_PCM_IOCTL_",
                defines(asound, "SNDRV_PCM_IOCTL_([A-Z0-9_]+)")
                    .valueFrom("_IO[RW]* ?\\( ?'A' ?, ?(0x[0-9a-fA-F]+),?.*"))
            .ioctl('A', "ANY"));
    add(
        TableSpec.of(
                "sndrv_ctl_ioctl_cmds",
                TableKind.IOCTL,
                "SNDRV_CTL_IOCTL_",
                defines(asound, "SNDRV_CTL_IOCTL_([A-Z0-9_]+)")
                    .valueFrom("_IO[RW]* ?\\( ?'U' ?, ?(0x[0-9a-fA-F]+),?.*"))
            .ioctl('U', "ANY"));
    String vhost = LINUX + "vhost.h";
    add(
        TableSpec.of(
                "vhost_virtio_ioctl_cmds",
                TableKind.IOCTL,
                "VHOST_",
                defines(vhost, "VHOST_(\\w+)")
                    .valueFrom("_IOW? ?\\( ?VHOST_VIRTIO ?, ?(0x[0-9a-fA-F]+).*"))
            .duplicates(Duplicates.LAST_BY_NAME)
            .ioctl(0xAF, "NOT_READ"));
    add(
        TableSpec.of(
                "vhost_virtio_ioctl_read_cmds",
                TableKind.IOCTL,
                "VHOST_",
                defines(vhost, "VHOST_(\\w+)")
                    .valueFrom("_IOW?R ?\\( ?VHOST_VIRTIO ?, ?(0x[0-9a-fA-F]+).*"))
            .duplicates(Duplicates.LAST_BY_NAME)
            .ioctl(0xAF, "READ"));
    add(
        TableSpec.of(
                "usbdevfs_ioctl_cmds",
                TableKind.IOCTL,
                "USBDEVFS_",
                defines(LINUX + "usbdevice_fs.h", "USBDEVFS_(\\w+)")
                    .valueFrom("_IO[CWR]{0,2} ?\\( ?(?:_IOC_\\w+, ?)?'U' ?, ?([0-9]+).*")
                    .exclude("USBDEVFS_\\w+32"))
            .duplicates(Duplicates.LAST_BY_NAME)
            .ioctl('U', "ANY"));
    add(
        TableSpec.of(
                "perf_ioctl_cmds",
                TableKind.IOCTL,
                "PERF_EVENT_IOC_",
                defines(LINUX + "perf_event.h", "PERF_EVENT_IOC_(\\w+)")
                    .valueFrom("_IO[RW]* ?\\( ?.\\$. ?, ?([0-9]+).*"))
            .duplicates(Duplicates.LAST_BY_NAME)
            .ioctl('$', "ANY"));
  }

  /**
   * mmap flags and prot, generic and for every arch with its own mman.h (perf's mmap_flags.sh,
   * mmap_prot.sh).
   */
  private void mmapTables() {
    String linuxMman = LINUX + "mman.h";
    String common = GENERIC + "mman-common.h";
    String genericMman = GENERIC + "mman.h";
    String notFlags = "MAP_(UNINITIALIZED|TYPE|SHARED_VALIDATE)";
    add(
        TableSpec.of(
            "mmap_flags",
            TableKind.FLAGS,
            "MAP_",
            defines(linuxMman, "MAP_(\\w+)").text(HEX).exclude(notFlags),
            defines(common, "MAP_(\\w+)").text(HEX).exclude(notFlags),
            defines(genericMman, "MAP_(\\w+)").text(HEX)));
    add(
        TableSpec.of(
            "mmap_prot",
            TableKind.FLAGS,
            "PROT_",
            defines(common, "PROT_(\\w+)").text(HEX).exclude("PROT_NONE")));
    for (String arch : ARCHES) {
      String own = archHeader(arch, "mman.h");
      if (!has(own)) {
        continue;
      }
      // Masks such as parisc's MAP_TYPE are not flags: perf names one of their bits after them.
      List<Selector> flags = new ArrayList<>();
      flags.add(defines(own, "MAP_(\\w+)").text(HEX).singleBit());
      flags.add(defines(linuxMman, "MAP_(\\w+)").text(HEX).exclude(notFlags));
      if (includes(own, common)) {
        flags.add(defines(common, "MAP_(\\w+)").text(HEX).exclude(notFlags));
      }
      if (includes(own, genericMman)) {
        flags.add(defines(genericMman, "MAP_(\\w+)").text(HEX));
      }
      add(
          new TableSpec(
              "mmap_flags_" + arch,
              TableKind.FLAGS,
              "MAP_",
              arch,
              flags,
              Duplicates.LAST,
              0,
              "ANY"));
      List<Selector> prot = new ArrayList<>();
      if (includes(own, common)) {
        prot.add(defines(common, "PROT_(\\w+)").text(HEX).exclude("PROT_NONE"));
      }
      prot.add(defines(own, "PROT_(\\w+)").text(HEX).exclude("PROT_NONE"));
      add(
          new TableSpec(
              "mmap_prot_" + arch,
              TableKind.FLAGS,
              "PROT_",
              arch,
              prot,
              Duplicates.LAST,
              0,
              "ANY"));
    }
  }

  /** Tables perf writes by hand although the headers define them. */
  private void handKeptTables() {
    String fcntl = GENERIC + "fcntl.h";
    // O_SYNC and O_TMPFILE are two bits each: their own bits (__O_SYNC, __O_TMPFILE) print as SYNC,
    // TMPFILE.
    Selector open =
        defines(fcntl, "(?:__)?O_([A-Z]+)")
            .singleBit()
            .exclude("O_NDELAY", "O_ACCMODE", "O_FSYNC", "O_RSYNC", "__O_(?!SYNC|TMPFILE)\\w+");
    add(TableSpec.of("open_flags", TableKind.FLAGS, "O_", open).duplicates(Duplicates.FIRST));
    perArch("open_flags", "fcntl.h", open, TableKind.FLAGS, "O_");
    List<Selector> pipe2 = new ArrayList<>(List.of(defines(fcntl, "O_(CLOEXEC|NONBLOCK|DIRECT)")));
    if (has(LINUX + "watch_queue.h")) {
      pipe2.add(defines(LINUX + "watch_queue.h", "O_(NOTIFICATION_PIPE)"));
    }
    add(
        new TableSpec(
            "pipe2_flags",
            TableKind.FLAGS,
            "O_",
            TableSpec.ALL_ARCHES,
            pipe2,
            Duplicates.FIRST,
            0,
            "ANY"));
    Selector fcntlCmds =
        defines(fcntl, "F_(\\w+)")
            .text(DEC)
            .exclude(
                "F_(RD|WR|UN|EX|SH)LCK",
                "F_OWNER_\\w+",
                "F_SEAL_\\w+",
                "F_LINUX_SPECIFIC_BASE",
                "F_OK");
    Selector linuxCmds =
        defines(LINUX + "fcntl.h", "F_(\\w+)").text("\\(F_LINUX_SPECIFIC_BASE ?\\+ ?[0-9]+\\)");
    add(
        TableSpec.of("fcntl_cmds", TableKind.VALUE, "F_", fcntlCmds, linuxCmds)
            .duplicates(Duplicates.FIRST));
    for (String arch : ARCHES) {
      String own = archHeader(arch, "fcntl.h");
      if (has(own)) {
        add(
            new TableSpec(
                "fcntl_cmds_" + arch,
                TableKind.VALUE,
                "F_",
                arch,
                List.of(withHeader(fcntlCmds, own).withIncludes(), linuxCmds),
                Duplicates.FIRST,
                0,
                "ANY"));
      }
    }
    add(
        TableSpec.of(
                "flock_ops",
                TableKind.FLAGS,
                "LOCK_",
                defines(fcntl, "LOCK_([A-Z]+)").text(DEC).singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "file_mode_bits",
                TableKind.FLAGS,
                "S_",
                defines(LINUX + "stat.h", "S_(I[RWX](USR|GRP|OTH)|IS[UG]ID|ISVTX)").singleBit())
            .duplicates(Duplicates.FIRST));
    // Old names of signals that have a usual one (mips defines SIGIOT first and SIGABRT as SIGIOT).
    Selector signals =
        defines(GENERIC + "signal.h", "SIG([A-Z0-9]+)")
            .exclude(
                "SIGSTKSZ",
                "MINSIGSTKSZ",
                "SIGIOT",
                "SIGPOLL",
                "SIGCLD",
                "SIGUNUSED",
                "SIGINFO",
                "SIGRTMAX");
    add(TableSpec.of("signals", TableKind.VALUE, "SIG", signals).duplicates(Duplicates.FIRST));
    perArch("signals", "signal.h", signals, TableKind.VALUE, "SIG");
    // siginfo's si_code: the generic codes, then per signal its own (CLD_EXITED, SEGV_MAPERR, ...)
    String siginfo = GENERIC + "siginfo.h";
    add(
        TableSpec.of(
                "si_codes", TableKind.VALUE, "SI_", defines(siginfo, "SI_((?!MAX_SIZE)[A-Z]+)"))
            .duplicates(Duplicates.FIRST));
    for (String[] codes :
        new String[][] {
          {"sigill_codes", "ILL"}, {"sigfpe_codes", "FPE"}, {"sigsegv_codes", "SEGV"},
          {"sigbus_codes", "BUS"}, {"sigtrap_codes", "TRAP"}, {"sigchld_codes", "CLD"},
          {"sigpoll_codes", "POLL"}, {"sigsys_codes", "SYS"}
        }) {
      add(
          TableSpec.of(
                  codes[0],
                  TableKind.VALUE,
                  codes[1] + "_",
                  defines(siginfo, codes[1] + "_((?!PERF_FLAG)[A-Z_]+)"))
              .duplicates(Duplicates.FIRST));
    }
    add(
        TableSpec.of("idtypes", TableKind.VALUE, "P_", defines(LINUX + "wait.h", "P_([A-Z]+)"))
            .duplicates(Duplicates.FIRST));
    Selector how = defines(GENERIC + "signal-defs.h", "SIG_(BLOCK|UNBLOCK|SETMASK)");
    add(TableSpec.of("sigprocmask_how", TableKind.VALUE, "SIG_", how).duplicates(Duplicates.FIRST));
    perArch("sigprocmask_how", "signal.h", how, TableKind.VALUE, "SIG_");
    add(
        TableSpec.of(
                "futex_ops",
                TableKind.VALUE,
                "FUTEX_",
                defines(LINUX + "futex.h", "FUTEX_(\\w+)")
                    .text(DEC)
                    .exclude(
                        "FUTEX_OP_\\w+",
                        "FUTEX_\\w+_PRIVATE",
                        "FUTEX_PRIVATE_FLAG",
                        "FUTEX_CLOCK_REALTIME",
                        "FUTEX_WAITV_MAX")
                    .ascendingOnly())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "socket_types",
                TableKind.VALUE,
                "SOCK_",
                enums("include/linux/net.h", "SOCK_([A-Z]+)").tag("sock_type"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "msg_flags",
                TableKind.FLAGS,
                "MSG_",
                defines("include/linux/socket.h", "MSG_([A-Z_]+)")
                    .singleBit()
                    // Kernel-internal: set by the compat syscall entry, 0 on kernels without
                    // CONFIG_COMPAT.
                    .exclude("MSG_CMSG_COMPAT"))
            .duplicates(Duplicates.FIRST));
    // Struct members the contents renderer decodes: sigaction's sa_flags, pollfd's and
    // epoll_event's events.
    Selector saFlags =
        defines(GENERIC + "signal.h", "SA_([A-Z_]+)")
            .withIncludes()
            .singleBit()
            .exclude("SA_NOMASK", "SA_ONESHOT", "SA_UNSUPPORTED", "SA_EXPOSE_TAGBITS");
    add(
        TableSpec.of("sigaction_flags", TableKind.FLAGS, "SA_", saFlags)
            .duplicates(Duplicates.FIRST));
    perArch("sigaction_flags", "signal.h", saFlags, TableKind.FLAGS, "SA_");
    Selector pollEvents = defines(GENERIC + "poll.h", "POLL([A-Z]+)").singleBit();
    add(
        TableSpec.of("poll_events", TableKind.FLAGS, "POLL", pollEvents)
            .duplicates(Duplicates.FIRST));
    perArch("poll_events", "poll.h", pollEvents, TableKind.FLAGS, "POLL");
    add(
        TableSpec.of(
                "epoll_events",
                TableKind.FLAGS,
                "EPOLL",
                defines(LINUX + "eventpoll.h", "EPOLL([A-Z]+)").singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of("file_types", TableKind.VALUE, "S_", defines(LINUX + "stat.h", "S_(IF[A-Z]+)"))
            .duplicates(Duplicates.FIRST));
    Selector rlimits = defines(GENERIC + "resource.h", "RLIMIT_([A-Z_]+)").text(DEC);
    add(
        TableSpec.of("rlimit_resources", TableKind.VALUE, "RLIMIT_", rlimits)
            .duplicates(Duplicates.FIRST));
    perArch("rlimit_resources", "resource.h", rlimits, TableKind.VALUE, "RLIMIT_");
    add(
        TableSpec.of(
                "clock_ids",
                TableKind.VALUE,
                "CLOCK_",
                defines(LINUX + "time.h", "CLOCK_([A-Z_]+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "itimers",
                TableKind.VALUE,
                "ITIMER_",
                defines(LINUX + "time.h", "ITIMER_([A-Z]+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "lseek_whence",
                TableKind.VALUE,
                "SEEK_",
                defines(LINUX + "fs.h", "SEEK_([A-Z]+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "epoll_ctl_ops",
                TableKind.VALUE,
                "EPOLL_CTL_",
                defines(LINUX + "eventpoll.h", "EPOLL_CTL_([A-Z]+)"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "waitid_options",
                TableKind.FLAGS,
                "W",
                defines(LINUX + "wait.h", "W([A-Z]+)").text(HEX).singleBit(),
                defines(LINUX + "wait.h", "(__W[A-Z]+)").text(HEX).singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "sched_policies",
                TableKind.VALUE,
                "SCHED_",
                defines(LINUX + "sched.h", "SCHED_([A-Z]+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "eventfd_flags",
                TableKind.FLAGS,
                "EFD_",
                defines(LINUX + "eventfd.h", "EFD_([A-Z]+)").singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "getrandom_flags",
                TableKind.FLAGS,
                "GRND_",
                defines(LINUX + "random.h", "GRND_([A-Z]+)").singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "perf_event_open_flags",
                TableKind.FLAGS,
                "PERF_FLAG_",
                defines(LINUX + "perf_event.h", "PERF_FLAG_([A-Z_]+)").singleBit())
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "seccomp_ops",
                TableKind.VALUE,
                "SECCOMP_",
                defines(LINUX + "seccomp.h", "SECCOMP_((SET|GET)_[A-Z_]+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
            "seccomp_flags",
            TableKind.FLAGS,
            "SECCOMP_FILTER_FLAG_",
            defines(LINUX + "seccomp.h", "SECCOMP_FILTER_FLAG_(\\w+)").singleBit()));
    add(
        TableSpec.of(
                "bpf_cmds",
                TableKind.VALUE,
                "BPF_",
                enums(LINUX + "bpf.h", "BPF_(\\w+)").tag("bpf_cmd").exclude("__MAX_BPF_CMD"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "keyctl_ops",
                TableKind.VALUE,
                "KEYCTL_",
                defines(LINUX + "keyctl.h", "KEYCTL_([A-Z_]+)").text(DEC).ascendingOnly())
            .duplicates(Duplicates.FIRST));
    socketOptionTables();
    fdFlagTables();
    termiosTables();
    // statfs's f_type: the filesystems' magic numbers (several names share one: the first is
    // printed, EXT2_SUPER_MAGIC for ext2/3/4, as strace does)
    add(
        TableSpec.of(
                "fs_magics", TableKind.VALUE, "", defines(LINUX + "magic.h", "(\\w+_MAGIC\\w*)"))
            .duplicates(Duplicates.FIRST));
    // sigaltstack's ss_flags
    add(
        TableSpec.of(
            "sigaltstack_flags",
            TableKind.FLAGS,
            "SS_",
            defines(LINUX + "signal.h", "SS_(ONSTACK|DISABLE|AUTODISARM)")));
    // getdents64's d_type (a kernel-internal header: the UAPI has none; glibc copies them)
    add(
        TableSpec.of(
            "dirent_types",
            TableKind.VALUE,
            "DT_",
            defines("include/linux/fs_types.h", "DT_(UNKNOWN|FIFO|CHR|DIR|BLK|REG|LNK|SOCK|WHT)")));
    // MAP_TYPE's values: one mapping type, not bits (MAP_SHARED_VALIDATE is SHARED and PRIVATE
    // together).
    add(
        TableSpec.of(
                "mmap_types",
                TableKind.VALUE,
                "MAP_",
                defines(LINUX + "mman.h", "MAP_(SHARED|PRIVATE|SHARED_VALIDATE|DROPPABLE)"),
                defines(GENERIC + "mman-common.h", "MAP_(SHARED|PRIVATE)"))
            .duplicates(Duplicates.FIRST));
    Selector tty =
        defines(GENERIC + "ioctls.h", "((?:TC|TIOC|FIO)\\w+)")
            .commandsOfType('T')
            .exclude("TIOCPKT_\\w+", "TIOCSER_TEMT");
    add(
        TableSpec.of("tty_ioctl_cmds", TableKind.IOCTL, "", tty)
            .duplicates(Duplicates.FIRST)
            .ioctl('T', "ANY"));
    for (String arch : ARCHES) {
      String own = archHeader(arch, "ioctls.h");
      if (has(own)) {
        add(
            new TableSpec(
                "tty_ioctl_cmds_" + arch,
                TableKind.IOCTL,
                "",
                arch,
                List.of(withHeader(tty, own).withIncludes()),
                Duplicates.FIRST,
                'T',
                "ANY"));
      }
    }
  }

  /**
   * termios (TCGETS/TCSETS): the bits of each flag word, the multi-bit fields (a mask and its
   * values: NLDLY's NL0/NL1, CBAUD's B38400, CSIZE's CS8). The header groups them only in comments,
   * so the names of each word are listed here; every value is the header's. asm-generic's termbits
   * (every arch but alpha, mips, parisc, powerpc and sparc).
   */
  private void termiosTables() {
    String termbits = GENERIC + "termbits.h";
    String[][] words = {
      {
        "termios_iflags",
        "IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8"
      },
      {"termios_oflags", "OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL"},
      {"termios_cflags", "CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|ADDRB|CMSPAR|CRTSCTS"},
      {
        "termios_lflags",
        "ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|TOSTOP|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO"
            + "|PENDIN|IEXTEN|EXTPROC"
      }
    };
    for (String[] w : words) {
      add(
          TableSpec.of(
                  w[0], TableKind.FLAGS, "", defines(termbits, "(" + w[1] + ")").withIncludes())
              .duplicates(Duplicates.FIRST));
    }
    add(
        TableSpec.of(
                "termios_masks",
                TableKind.VALUE,
                "",
                defines(termbits, "(NLDLY|CRDLY|TABDLY|BSDLY|VTDLY|FFDLY|CBAUD|CSIZE|CIBAUD)"))
            .duplicates(Duplicates.FIRST));
    // Each field's values, in a table named after its mask (termios_crdly: CR0..CR3).
    String[][] fields = {
      {"nldly", "NL\\d"},
      {"crdly", "CR\\d"},
      {"tabdly", "TAB\\d"},
      {"bsdly", "BS\\d"},
      {"vtdly", "VT\\d"},
      {"ffdly", "FF\\d"},
      {"cbaud", "B\\d+|BOTHER"},
      {"csize", "CS\\d"}
    };
    for (String[] f : fields) {
      add(
          TableSpec.of(
                  "termios_" + f[0],
                  TableKind.VALUE,
                  "",
                  defines(termbits, "(" + f[1] + ")").withIncludes())
              .duplicates(Duplicates.FIRST));
    }
  }

  /**
   * setsockopt/getsockopt: the levels (SOL_SOCKET and the protocol numbers) and each level's option
   * names.
   */
  private void socketOptionTables() {
    String socket = "include/linux/socket.h";
    add(
        TableSpec.of(
                "sockopt_levels",
                TableKind.VALUE,
                "SOL_",
                defines(GENERIC + "socket.h", "SOL_(SOCKET)"),
                defines(socket, "SOL_(\\w+)").text(DEC))
            .duplicates(Duplicates.FIRST));
    // A control message's type at level SOL_SOCKET (sendmsg/recvmsg's cmsg_type): SCM_RIGHTS, …
    add(TableSpec.of("scm_types", TableKind.VALUE, "SCM_", defines(socket, "SCM_(\\w+)")));
    // On 64-bit arches the plain SO_RCVTIMEO, SO_TIMESTAMP, … are the _OLD values: print the plain
    // names.
    add(
        TableSpec.of(
                "socket_options",
                TableKind.VALUE,
                "SO_",
                defines(GENERIC + "socket.h", "SO_(\\w+)").exclude("SO_\\w+_OLD"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "tcp_options",
                TableKind.VALUE,
                "TCP_",
                defines(LINUX + "tcp.h", "TCP_(\\w+)")
                    .text(DEC)
                    // Values of option arguments and limits, not option names.
                    .exclude(
                        "TCP_MSS_\\w+",
                        "TCP_REPAIR_(ON|OFF\\w*)",
                        "TCP_MD5SIG_(MAXKEYLEN|FLAG_\\w+)",
                        "TCP_AO_(MAXKEYLEN|KEYF_\\w+)",
                        "TCP_RECEIVE_ZEROCOPY_\\w+"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "ip_options",
                TableKind.VALUE,
                "IP_",
                defines(LINUX + "in.h", "IP_(\\w+)")
                    .text(DEC)
                    .exclude("IP_PMTUDISC_\\w+", "IP_DEFAULT_MULTICAST_\\w+", "IP_MAX_MEMBERSHIPS"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
                "ipv6_options",
                TableKind.VALUE,
                "IPV6_",
                defines(LINUX + "in6.h", "IPV6_(\\w+)")
                    .text(DEC)
                    .exclude(
                        "IPV6_(FL_\\w+|FLOWINFO_(FLOWLABEL|PRIORITY)|PRIORITY_\\w+|TLV_\\w+|PMTUDISC_\\w+"
                            + "|PREFER_SRC_\\w+)"))
            .duplicates(Duplicates.FIRST));
  }

  /**
   * The flags of the calls that make or change fds. Their CLOEXEC and NONBLOCK are O_CLOEXEC and
   * O_NONBLOCK, evaluated with the generic fcntl.h (mips' O_NONBLOCK differs; the snapshot has one
   * value per name).
   */
  private void fdFlagTables() {
    add(
        TableSpec.of(
                "accept4_flags",
                TableKind.FLAGS,
                "SOCK_",
                defines("include/linux/net.h", "SOCK_(CLOEXEC|NONBLOCK)"))
            .duplicates(Duplicates.FIRST));
    add(
        TableSpec.of(
            "epoll_create1_flags",
            TableKind.FLAGS,
            "EPOLL_",
            defines(LINUX + "eventpoll.h", "EPOLL_(CLOEXEC)")));
    add(
        TableSpec.of(
            "timerfd_create_flags",
            TableKind.FLAGS,
            "TFD_",
            defines(LINUX + "timerfd.h", "TFD_(CLOEXEC|NONBLOCK)")));
    add(
        TableSpec.of(
            "memfd_create_flags",
            TableKind.FLAGS,
            "MFD_",
            defines(LINUX + "memfd.h", "MFD_(\\w+)").singleBit().exclude("MFD_HUGE_\\w+")));
    add(
        TableSpec.of(
            "inotify_init1_flags",
            TableKind.FLAGS,
            "IN_",
            defines(LINUX + "inotify.h", "IN_(CLOEXEC|NONBLOCK)")));
    add(
        TableSpec.of(
            "signalfd4_flags",
            TableKind.FLAGS,
            "SFD_",
            defines(LINUX + "signalfd.h", "SFD_(\\w+)")));
    add(
        TableSpec.of(
            "close_range_flags",
            TableKind.FLAGS,
            "CLOSE_RANGE_",
            defines(LINUX + "close_range.h", "CLOSE_RANGE_(\\w+)")));
  }

  /**
   * Adds {@code base_<arch>} for every arch with its own {@code file}, read with what it includes.
   */
  private void perArch(String base, String file, Selector generic, TableKind kind, String prefix) {
    for (String arch : ARCHES) {
      String own = archHeader(arch, file);
      if (has(own)) {
        add(
            new TableSpec(
                base + "_" + arch,
                kind,
                prefix,
                arch,
                List.of(withHeader(generic, own).withIncludes()),
                Duplicates.FIRST,
                0,
                "ANY"));
      }
    }
  }

  private static Selector withHeader(Selector s, String header) {
    return new Selector(
        header,
        s.followIncludes(),
        s.type(),
        s.name(),
        s.text(),
        s.valueFrom(),
        s.addend(),
        s.exclude(),
        s.ascending(),
        s.bitsOnly(),
        s.enumTag(),
        s.commandType());
  }
}
