/*
 * The floor of an in-kernel syscall summary: one program of jtrace's own, hand-assembled, on both
 * raw syscall tracepoints (sys_enter, sys_exit) while a command runs, doing a prefix of what
 * `jtrace -s` does per call. Modes, each the previous one plus one step:
 *   empty    return 0 (the cost of having programs on the raw tracepoints at all)
 *   ktime    bpf_ktime_get_ns() (the call's entry or exit time)
 *   task     bpf_get_current_pid_tgid() and bpf_get_current_task_btf() (whose call it is)
 *   lookup   one lookup in a hash map of 16-byte keys (the (thread, syscall) entry)
 * Usage: bpf_floor MODE COMMAND [ARGS...]; with kernel.bpf_stats_enabled=1 it also prints the
 * kernel's mean run time per program run. Built and run by bench/bpf-floor.sh.
 */
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int bpf(int cmd, union bpf_attr *a) { return syscall(SYS_bpf, cmd, a, sizeof *a); }

#define INSN(c, d, s, o, i) \
  ((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define CALL(helper) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define MOV_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)

enum { KTIME_GET_NS = 5, GET_CURRENT_PID_TGID = 14, GET_CURRENT_TASK_BTF = 158, MAP_LOOKUP = 1 };

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bpf_floor empty|ktime|task|lookup COMMAND [ARGS...]\n");
    return 2;
  }
  const char *mode = argv[1];
  int steps = !strcmp(mode, "empty") ? 0 : !strcmp(mode, "ktime") ? 1 : !strcmp(mode, "task") ? 2
            : !strcmp(mode, "lookup") ? 3 : -1;
  if (steps < 0) {
    fprintf(stderr, "bpf_floor: unknown mode %s\n", mode);
    return 2;
  }
  union bpf_attr m;
  memset(&m, 0, sizeof m);
  m.map_type = BPF_MAP_TYPE_HASH;
  m.key_size = 16;
  m.value_size = 64;
  m.max_entries = 65536;
  m.map_flags = BPF_F_NO_PREALLOC;
  int map = bpf(BPF_MAP_CREATE, &m);
  if (map < 0) {
    perror("bpf_floor: BPF_MAP_CREATE");
    return 1;
  }
  struct bpf_insn insns[16];
  int n = 0;
  if (steps >= 1) insns[n++] = CALL(KTIME_GET_NS);
  if (steps >= 2) {
    insns[n++] = CALL(GET_CURRENT_PID_TGID);
    insns[n++] = CALL(GET_CURRENT_TASK_BTF);
  }
  if (steps >= 3) {
    insns[n++] = INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 1);
    insns[n++] = INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 2);
    insns[n++] = INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, map);
    insns[n++] = INSN(0, 0, 0, 0, 0);
    insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0);
    insns[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -16);
    insns[n++] = CALL(MAP_LOOKUP);
  }
  insns[n++] = MOV_IMM(0, 0);
  insns[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  static char log[65536];
  union bpf_attr a;
  memset(&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
  a.insns = (unsigned long) insns;
  a.insn_cnt = n;
  a.license = (unsigned long) "GPL";
  a.log_buf = (unsigned long) log;
  a.log_size = sizeof log;
  a.log_level = 1;
  strncpy(a.prog_name, "floor", sizeof a.prog_name - 1);
  int prog = bpf(BPF_PROG_LOAD, &a);
  if (prog < 0) {
    fprintf(stderr, "bpf_floor: BPF_PROG_LOAD: %s\n", log);
    return 1;
  }
  const char *tracepoints[] = {"sys_enter", "sys_exit"};
  for (int i = 0; i < 2; i++) {
    memset(&a, 0, sizeof a);
    a.raw_tracepoint.name = (unsigned long) tracepoints[i];
    a.raw_tracepoint.prog_fd = prog;
    if (bpf(BPF_RAW_TRACEPOINT_OPEN, &a) < 0) {
      perror("bpf_floor: BPF_RAW_TRACEPOINT_OPEN");
      return 1;
    }
  }
  pid_t child = fork();
  if (child == 0) {
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  int status;
  waitpid(child, &status, 0);
  struct bpf_prog_info info;
  memset(&info, 0, sizeof info);
  union bpf_attr g;
  memset(&g, 0, sizeof g);
  g.info.bpf_fd = prog;
  g.info.info_len = sizeof info;
  g.info.info = (unsigned long) &info;
  if (bpf(BPF_OBJ_GET_INFO_BY_FD, &g) == 0 && info.run_cnt > 0) {
    fprintf(stderr, "bpf_floor: %s: %.1f ns per program run (%llu runs)\n", mode,
            (double) info.run_time_ns / info.run_cnt, (unsigned long long) info.run_cnt);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
