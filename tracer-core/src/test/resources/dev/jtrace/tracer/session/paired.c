/* The paired capture's live workload: a path, a struct and a read buffer at exit, a pipe's fd pair,
 * a write buffer at entry. argv[1]: a file to open. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  /* the fstat syscall itself: glibc's fstat() is newfstatat */
  if (fd < 0 || syscall(SYS_fstat, fd, &st) != 0) return 1;
  char buf[64];
  if (read(fd, buf, sizeof buf) < 0) return 1;
  int p[2];
  if (pipe2(p, 0) != 0) return 1;
  if (write(p[1], "through the pipe", 16) != 16) return 1;
  close(fd);
  return 0;
}
