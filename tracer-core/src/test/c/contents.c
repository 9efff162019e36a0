/*
 * jtrace's own workload for argument contents (issue 9): each call below is made once with values
 * the tests know, so a trace of it can be checked field by field and against strace.
 *
 * Usage: contents DIR. Files go into DIR (which must exist; they are removed at the end). On stdout, after the calls, one line
 * per fact the tests cannot know in advance: "name value...". Exit status 0 when every call
 * succeeded, else the number of the first step that failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/stat.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <arpa/inet.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char facts[4096];
static size_t factsLength;

static void fact(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void fact(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(facts + factsLength, sizeof facts - factsLength, format, ap);
  va_end(ap);
  if (n > 0 && factsLength + n < sizeof facts) factsLength += n;
}

static void onUsr1(int sig) { (void)sig; }

#define CHECK(step, ok) \
  do { \
    if (!(ok)) return (step); \
  } while (0)

static int run(const char *dir) {
  char path[512], link[512], sock[512], buf[64];
  snprintf(path, sizeof path, "%s/known.txt", dir);
  snprintf(link, sizeof link, "%s/link", dir);
  snprintf(sock, sizeof sock, "%s/sock", dir);

  /* A known file: written, read back, stat'ed. */
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  CHECK(1, fd >= 0);
  CHECK(2, write(fd, "hello contents\n", 15) == 15);
  close(fd);
  fd = open(path, O_RDONLY);
  CHECK(3, fd >= 0);
  CHECK(4, read(fd, buf, sizeof buf) == 15);
  struct stat st;
  CHECK(5, syscall(SYS_fstat, fd, &st) == 0);
  close(fd);
  struct statx stx;
  CHECK(6, syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx) == 0);
  fact("file %s %lu\n", path, (unsigned long)st.st_ino);

  /* A pipe: pipe2, poll for input, writev and readv. */
  int p[2];
  CHECK(7, pipe2(p, O_CLOEXEC) == 0);
  fact("pipe %d %d\n", p[0], p[1]);
  struct iovec out[2] = {{"ab", 2}, {"cde", 3}};
  CHECK(8, writev(p[1], out, 2) == 5);
  struct pollfd pfd = {.fd = p[0], .events = POLLIN};
  CHECK(9, poll(&pfd, 1, 1000) == 1);
  char a[2], b[3];
  struct iovec in[2] = {{a, 2}, {b, 3}};
  CHECK(10, readv(p[0], in, 2) == 5);

  /* A socket pair, and a unix stream socket connected to a listener. */
  int sv[2];
  CHECK(11, socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  fact("socketpair %d %d\n", sv[0], sv[1]);
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un un = {.sun_family = AF_UNIX};
  strncpy(un.sun_path, sock, sizeof un.sun_path - 1);
  unlink(sock);
  CHECK(12, bind(listener, (struct sockaddr *)&un, sizeof un) == 0);
  CHECK(13, listen(listener, 1) == 0);
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(14, connect(client, (struct sockaddr *)&un, sizeof un) == 0);

  /* UDP on 127.0.0.1: a receiver's port from getsockname, sendto it, recvfrom its source. */
  int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in in4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK(15, bind(receiver, (struct sockaddr *)&in4, sizeof in4) == 0);
  socklen_t len = sizeof in4;
  CHECK(16, getsockname(receiver, (struct sockaddr *)&in4, &len) == 0);
  fact("udp_port %d\n", ntohs(in4.sin_port));
  int sender = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(17, connect(sender, (struct sockaddr *)&in4, sizeof in4) == 0);
  CHECK(18, sendto(sender, "ping", 4, 0, (struct sockaddr *)&in4, sizeof in4) == 4);
  struct sockaddr_in from;
  socklen_t fromLength = sizeof from;
  CHECK(19, recvfrom(receiver, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromLength) == 4);

  /* Time. */
  struct timespec nap = {0, 1000000};
  CHECK(20, syscall(SYS_nanosleep, &nap, NULL) == 0);
  struct timespec now;
  CHECK(21, syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now) == 0);

  /* Signals: a handler with SA_RESTART and a mask, then SIGUSR2 blocked. */
  struct sigaction sa = {.sa_handler = onUsr1, .sa_flags = SA_RESTART};
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK(22, sigaction(SIGUSR1, &sa, NULL) == 0);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  CHECK(23, sigprocmask(SIG_BLOCK, &block, &old) == 0);

  /* Limits, names, places. */
  struct rlimit rl;
  CHECK(24, syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0);
  CHECK(25, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl) == 0);
  fact("nofile %lu %lu\n", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
  struct utsname u;
  CHECK(26, uname(&u) == 0);
  char cwd[512];
  CHECK(27, syscall(SYS_getcwd, cwd, sizeof cwd) > 0);
  fact("cwd %s\n", cwd);
  unlink(link);
  CHECK(28, symlink("known.txt", link) == 0);
  char target[64];
  CHECK(29, readlink(link, target, sizeof target) == 9);

  /* Children: one exits 3 (wait4 sees it), one execs /bin/true with arguments. */
  pid_t child = fork();
  if (child == 0) _exit(3);
  int status;
  CHECK(30, wait4(child, &status, 0, NULL) == child);
  CHECK(31, WIFEXITED(status) && WEXITSTATUS(status) == 3);
  fact("exit3_child %d\n", child);
  pid_t exec = fork();
  if (exec == 0) {
    /* In writable memory, as a shell builds them: a string literal's page of a forked child is
       not mapped in until touched, and a BPF copy at entry cannot fault it in (see CONTENTS.md). */
    char a0[] = "true", a1[] = "first argument", a2[] = "second", e0[] = "JTRACE_WORKLOAD=1";
    char *argv[] = {a0, a1, a2, NULL};
    char *envp[] = {e0, NULL};
    execve("/bin/true", argv, envp);
    _exit(127);
  }
  CHECK(32, wait4(exec, &status, 0, NULL) == exec && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  fact("exec_child %d\n", exec);

  /* A terminal: TCGETS on a pty's master. */
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(33, master >= 0);
  struct termios tio;
  CHECK(34, ioctl(master, TCGETS, &tio) == 0);
  /* multi-bit fields with values other than 0: a tab delay, a speed */
  tio.c_oflag = (tio.c_oflag & ~TABDLY) | TAB3;
  tio.c_cflag = (tio.c_cflag & ~CBAUD) | B9600;
  CHECK(45, ioctl(master, TCSETS, &tio) == 0);
  /* TCGETS2 fills the kernel's struct termios2 (44 bytes; glibc has no such type) */
  unsigned char tio2[44];
  CHECK(49, ioctl(master, _IOR('T', 0x2A, char[44]), tio2) == 0);
  struct winsize ws = {.ws_row = 24, .ws_col = 80};
  CHECK(47, ioctl(master, TIOCSWINSZ, &ws) == 0);
  struct winsize size;
  CHECK(48, ioctl(master, TIOCGWINSZ, &size) == 0 && size.ws_col == 80);
  fact("pty %d\n", master);

  /* Scheduling, system, randomness. */
  struct sched_param sp;
  CHECK(35, sched_getparam(0, &sp) == 0);
  struct sysinfo si;
  CHECK(36, sysinfo(&si) == 0);
  char random[16];
  CHECK(37, getrandom(random, sizeof random, 0) == sizeof random);
  /* A signal stack set, the old (none) taken back; the CPUs this task may run on; its groups. */
  static char altstack[16384];
  stack_t ss = {.ss_sp = altstack, .ss_flags = 0, .ss_size = sizeof altstack}, old_ss;
  CHECK(56, sigaltstack(&ss, &old_ss) == 0 && (old_ss.ss_flags & SS_DISABLE));
  cpu_set_t cpus;
  CHECK(57, syscall(SYS_sched_getaffinity, 0, sizeof cpus, &cpus) > 0);
  gid_t groups[64];
  CHECK(58, getgroups(64, groups) >= 0);

  /* A queued signal and its siginfo: sent with a value, taken by rt_sigtimedwait (SIGUSR2 is
     blocked since CHECK 23). */
  siginfo_t queued;
  memset(&queued, 0, sizeof queued);
  queued.si_signo = SIGUSR2;
  queued.si_code = SI_QUEUE;
  queued.si_pid = getpid();
  queued.si_uid = getuid();
  queued.si_value.sival_int = 42;
  CHECK(39, syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &queued) == 0);
  siginfo_t taken;
  memset(&taken, 0, sizeof taken);
  struct timespec wait = {1, 0};
  CHECK(40, sigtimedwait(&block, &taken, &wait) == SIGUSR2 && taken.si_value.sival_int == 42);

  /* A message carrying an fd: sendmsg over the socket pair with SCM_RIGHTS (the pipe's read end),
     recvmsg takes the message and a new fd for it. */
  char payload[] = "msg!";
  struct iovec sent = {payload, 4};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control, received;
  memset(&control, 0, sizeof control);
  memset(&received, 0, sizeof received);
  struct msghdr mh = {.msg_iov = &sent, .msg_iovlen = 1, .msg_control = control.buf,
                      .msg_controllen = sizeof control.buf};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
  CHECK(41, sendmsg(sv[0], &mh, 0) == 4);
  char got[8];
  struct iovec into = {got, sizeof got};
  struct msghdr rh = {.msg_iov = &into, .msg_iovlen = 1, .msg_control = received.buf,
                      .msg_controllen = sizeof received.buf};
  CHECK(42, recvmsg(sv[1], &rh, 0) == 4 && CMSG_FIRSTHDR(&rh) != NULL);
  int passed;
  memcpy(&passed, CMSG_DATA(CMSG_FIRSTHDR(&rh)), sizeof passed);
  fact("passed_fd %d\n", passed);
  CHECK(46, close(passed) == 0); /* named by the fd table: the pipe it came from */

  /* Two messages at once, each with the length the kernel sent; one taken back. */
  char m1[] = "one", m2[] = "two";
  struct iovec v1 = {m1, 3}, v2 = {m2, 3};
  struct mmsghdr batch[2];
  memset(batch, 0, sizeof batch);
  batch[0].msg_hdr.msg_iov = &v1;
  batch[0].msg_hdr.msg_iovlen = 1;
  batch[1].msg_hdr.msg_iov = &v2;
  batch[1].msg_hdr.msg_iovlen = 1;
  CHECK(43, sendmmsg(sv[0], batch, 2, 0) == 2 && batch[1].msg_len == 3);
  char back[8];
  struct iovec vb = {back, sizeof back};
  struct mmsghdr taken1;
  memset(&taken1, 0, sizeof taken1);
  taken1.msg_hdr.msg_iov = &vb;
  taken1.msg_hdr.msg_iovlen = 1;
  CHECK(44, recvmmsg(sv[1], &taken1, 1, 0, NULL) == 1 && taken1.msg_len == 6);

  /* The filesystem DIR is on. */
  struct statfs fs;
  CHECK(62, statfs(dir, &fs) == 0);

  /* An extended attribute set, read back and listed. */
  CHECK(59, setxattr(path, "user.jtrace", "value!", 6, 0) == 0);
  char xattr[16];
  CHECK(60, getxattr(path, "user.jtrace", xattr, sizeof xattr) == 6);
  char names[64];
  CHECK(61, listxattr(path, names, sizeof names) == 12);

  /* A directory's entries: ".", ".." and one file, in a directory of its own (DIR holds the
     tracer's output too). */
  char sub[512], file[600];
  snprintf(sub, sizeof sub, "%s/entries", dir);
  snprintf(file, sizeof file, "%s/f", sub);
  CHECK(53, mkdir(sub, 0700) == 0);
  int made = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  CHECK(54, made >= 0 && close(made) == 0);
  int dirfd = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  CHECK(50, dirfd >= 0);
  char entries[4096];
  long dents = syscall(SYS_getdents64, dirfd, entries, sizeof entries);
  CHECK(51, dents > 0);
  CHECK(52, close(dirfd) == 0);
  CHECK(55, unlink(file) == 0 && rmdir(sub) == 0);

  /* Leave DIR as it was, so that every run makes the same calls with the same results. */
  CHECK(38, unlink(sock) == 0 && unlink(link) == 0 && unlink(path) == 0);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: contents DIR\n");
    return 100;
  }
  int failed = run(argv[1]);
  if (write(1, facts, factsLength) != (ssize_t)factsLength) return 101;
  return failed;
}
