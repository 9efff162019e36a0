package dev.jtrace.tracer.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -G/--cgroup PATH}: a cgroup v2 directory, by its id (the directory's inode, which is what
 * bpf_get_current_cgroup_id returns) and its depth under the v2 root. A task is in scope when its
 * ancestor at that depth is this cgroup: the cgroup itself and its descendants, as perf's cgroup
 * events count.
 *
 * @param path the directory
 * @param id its cgroup id
 * @param level its depth below the v2 root (the root is 0)
 */
public record CgroupScope(Path path, long id, int level) {
  /**
   * Resolves PATH: absolute under the v2 mount, or relative to it ({@code -G user.slice}, as perf
   * takes cgroup names).
   */
  public static CgroupScope resolve(String name) throws IOException {
    Path root = v2Root();
    Path p = Path.of(name);
    Path dir = p.isAbsolute() && p.startsWith(root) ? p : root.resolve(stripSlash(name));
    dir = dir.normalize();
    if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
      throw new IOException(
          "-G "
              + name
              + ": no cgroup v2 directory "
              + dir
              + " (the v2 hierarchy is at "
              + root
              + ")");
    }
    if (!Files.exists(dir.resolve("cgroup.procs"))) {
      throw new IOException("-G " + name + ": " + dir + " is not a cgroup (no cgroup.procs)");
    }
    long id = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
    return new CgroupScope(
        dir,
        id,
        root.relativize(dir).toString().isEmpty() ? 0 : root.relativize(dir).getNameCount());
  }

  private static String stripSlash(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }

  /** Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host). */
  static Path v2Root() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[2].equals("cgroup2")) {
        return Path.of(f[1].replace("\\040", " "));
      }
    }
    throw new IOException(
        "-G: no cgroup v2 hierarchy is mounted (mount -t cgroup2 none /sys/fs/cgroup)");
  }
}
