/* A workload for jtrace's tests: known syscalls in a known order. Usage: workload MODE [N] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void files(void) {
  char buf[16];
  int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
  dup2(fd, 10);
  read(10, buf, sizeof buf);
  access("/nonexistent/jtrace-test", F_OK);
  int p[2];
  pipe(p);
  write(p[1], "x", 1);
  read(p[0], buf, 1);
}

static void children(void) {
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_NAME, "jtchild");
    syscall(SYS_getppid);
    pause();
    _exit(0);
  }
  struct timespec ts = {0, 50 * 1000 * 1000};
  nanosleep(&ts, NULL);
  kill(child, SIGTERM);
  waitpid(child, NULL, 0);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "all";
  long n = argc > 2 ? atol(argv[2]) : 0;
  if (!strcmp(mode, "all")) {
    files();
    children();
  } else if (!strcmp(mode, "busy")) {
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
  } else if (!strcmp(mode, "slow")) {
    struct timespec ts = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 3; i++) syscall(SYS_getppid);
    nanosleep(&ts, NULL);
    for (int i = 0; i < 3; i++) syscall(SYS_getppid);
  } else if (!strcmp(mode, "exit")) {
    return (int) n;
  }
  return 0;
}
