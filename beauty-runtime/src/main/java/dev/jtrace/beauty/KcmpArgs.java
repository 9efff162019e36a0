package dev.jtrace.beauty;

/**
 * kcmp's idx1/idx2: fds of pid1/pid2 for KCMP_FILE (the talk's {@code idx1:
 * 253<socket:[7330361]>}), the target fd and its offset for KCMP_EPOLL_TFD, hidden for the types
 * that ignore them.
 */
final class KcmpArgs {
  private final long kcmpFile;
  private final long kcmpEpollTfd;

  KcmpArgs(ArchTables tables) {
    this.kcmpFile = tables.value(TableNames.KCMP_TYPES, "FILE").orElse(0);
    this.kcmpEpollTfd = tables.value(TableNames.KCMP_TYPES, "EPOLL_TFD").orElse(7);
  }

  /** The text of idx1 or idx2, or null when the type does not read it. */
  String idx(SyscallSignature sig, ArgSpec spec, long[] args, long v, BeautyContext ctx) {
    int typeIdx = sig.indexOf("type");
    long type = typeIdx >= 0 ? args[typeIdx] : -1;
    boolean first = spec.name().equals("idx1");
    if (type == kcmpFile || (type == kcmpEpollTfd && first)) {
      int owner = (int) args[first ? sig.indexOf("pid1") : sig.indexOf("pid2")];
      int fd = (int) v;
      return fd < 0
          ? Integer.toString(fd)
          : ArgRenderer.annotated(fd, ctx.namedProcessFdPath(owner, fd));
    }
    if (type == kcmpEpollTfd) {
      return ArgRenderer.hex(v);
    }
    return null;
  }
}
