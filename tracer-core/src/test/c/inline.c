/* The inlining workload: always-inline functions inside a real one, built -O2 -g, so the DWARF
 * carries DW_TAG_inlined_subroutine ranges that a stack must show as inlined frames.
 *   inline calls N   getppid N times through il_caller -> il_leaf, where il_leaf has il_outer,
 *                    il_outer has il_inner and il_inner has il_syscall (the syscall itself, then a
 *                    call of il_sink) inlined
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile long il_seen;

/* Called after the syscall, so the instruction after it belongs to il_syscall and il_leaf is not a
 * leaf (it keeps its frame pointer). */
__attribute__((noinline, noclone)) void il_sink(long v) { il_seen = v; }

/* arg goes in as the (unused) first argument, so what the callers compute for it comes before the
 * syscall, and the instruction after it is il_syscall's own */
static inline __attribute__((always_inline)) long il_syscall(long arg) {
  long ret;
#if defined(__x86_64__)
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"((long)SYS_getppid), "D"(arg)
                   : "rcx", "r11", "memory");
#else
  ret = syscall(SYS_getppid) + 0 * arg;
#endif
  il_sink(ret);
  return ret;
}

static inline __attribute__((always_inline)) long il_inner(int k) { return il_syscall(k) ^ k; }

static inline __attribute__((always_inline)) long il_outer(int k) { return il_inner(k + 1) * 3; }

__attribute__((noinline, noclone)) long il_leaf(int k) { return il_outer(k) * 2; }

__attribute__((noinline, noclone)) long il_caller(int k) { return il_leaf(k) + 1; }

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "calls") == 0) {
    int n = atoi(argv[2]);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += il_caller(i);
    }
    return sum == 0 ? 1 : 0;
  }
  return 2;
}
