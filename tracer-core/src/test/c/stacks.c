/* The call-stack workload: known functions calling each other, the innermost making a syscall
 * itself (no libc wrapper without a frame between it and the kernel).
 *   stacks calls N   getppid N times through jt_outer -> jt_middle -> jt_leaf
 *   stacks jit N     the same, the innermost being code copied into anonymous memory, named in
 *                    /tmp/perf-PID.map as a JIT names its code
 *   stacks wait      prints "name address" of its functions and of an anonymous code region,
 *                    then waits for stdin to close */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline __attribute__((always_inline)) long own_getppid(void) {
  long ret;
#if defined(__x86_64__)
  __asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
#elif defined(__aarch64__)
  register long x8 __asm__("x8") = SYS_getppid;
  register long x0 __asm__("x0");
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8) : "memory");
  ret = x0;
#else
  ret = syscall(SYS_getppid);
#endif
  return ret;
}

typedef long (*jit_fn)(void);
static jit_fn jitted;

__attribute__((noinline)) long jt_leaf(int jit) {
  if (jit) {
    return jitted();
  }
  return own_getppid();
}

__attribute__((noinline)) long jt_middle(int jit) { return jt_leaf(jit) + 1; }

__attribute__((noinline)) long jt_outer(int jit) { return jt_middle(jit) + 1; }

static void *make_jit(void) {
  void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
  if (code == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
#if defined(__x86_64__)
  /* mov eax, SYS_getppid; syscall; ret */
  unsigned char body[] = {0xb8, SYS_getppid, 0, 0, 0, 0x0f, 0x05, 0xc3};
  memcpy(code, body, sizeof body);
#endif
  char path[64];
  snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
  FILE *map = fopen(path, "w");
  if (map == NULL) {
    perror(path);
    exit(2);
  }
  fprintf(map, "%lx 40 JitCode::getppid\n", (unsigned long)code);
  fclose(map);
  return code;
}

int main(int argc, char **argv) {
  if (argc >= 3 && (strcmp(argv[1], "calls") == 0 || strcmp(argv[1], "jit") == 0)) {
    int jit = strcmp(argv[1], "jit") == 0;
    if (jit) {
      jitted = (jit_fn)make_jit();
    }
    int n = atoi(argv[2]);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += jt_outer(jit);
    }
    return sum == 0 ? 1 : 0;
  }
  if (argc >= 2 && strcmp(argv[1], "wait") == 0) {
    void *code = make_jit();
    printf("jt_leaf %lx\njt_middle %lx\njt_outer %lx\nmain %lx\njit %lx\n",
           (unsigned long)jt_leaf, (unsigned long)jt_middle, (unsigned long)jt_outer,
           (unsigned long)main, (unsigned long)code);
    fflush(stdout);
    char buf[16];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return 0;
  }
  fprintf(stderr, "usage: stacks calls N | jit N | wait\n");
  return 2;
}
