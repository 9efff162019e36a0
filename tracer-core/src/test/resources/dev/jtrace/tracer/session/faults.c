/*
 * The page-fault and CPU-time workload of PageFaultsLiveTest.
 *   faults FILE PAGES: touches PAGES fresh anonymous pages (a minor fault each, in jt_touch_anon),
 *     then reads one byte at offset 8 of each of FILE's first PAGES pages, dropped from the page
 *     cache first and read without readahead (a major fault each, in jt_read_file).
 *   Then prints how long each part took on stdout (bench/faults.sh reads it).
 *   faults --spin MS: burns MS ms of CPU, then prints the process's CPU time in ns on stdout.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static volatile char sink;

__attribute__((noinline)) void jt_touch_anon(char *p, int pages) {
  for (int i = 0; i < pages; i++) p[(long)i * PAGE] = 1;
}

__attribute__((noinline)) void jt_read_file(const char *p, int pages) {
  for (int i = 0; i < pages; i++) sink += p[(long)i * PAGE + 8];
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--spin") == 0) {
    long long until = cpu_ns() + atoll(argv[2]) * 1000000LL;
    while (cpu_ns() < until) sink++;
    printf("%lld\n", cpu_ns());
    return 0;
  }
  if (argc != 3) return 2;
  int pages = atoi(argv[2]);
  char *anon = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (anon == MAP_FAILED) return 3;
  long long t0 = now_ns();
  jt_touch_anon(anon, pages);
  long long t1 = now_ns();
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) return 4;
  fdatasync(fd);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  char *f = mmap(NULL, (size_t)pages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  if (f == MAP_FAILED) return 5;
  madvise(f, (size_t)pages * PAGE, MADV_RANDOM);
  long long t2 = now_ns();
  jt_read_file(f, pages);
  long long t3 = now_ns();
  printf("anon %lld ns file %lld ns\n", t1 - t0, t3 - t2);
  return 0;
}
