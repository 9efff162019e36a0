/*
 * A legacy "maps" section (struct bpf_map_def, as perf's examples wrote them): counts the
 * write calls of each thread in a hash, and writes each count to its own perf event array named
 * __bpf_stdout__, as a decimal-free 8-byte value.
 */
#include "bpf.h"

struct bpf_map_def SEC("maps") write_counts = {
  .type = BPF_MAP_TYPE_HASH,
  .key_size = sizeof(u32),
  .value_size = sizeof(u64),
  .max_entries = 1024,
};

SEC("tp/syscalls/sys_enter_write")
int count_writes(struct syscall_enter_args *ctx)
{
  u32 tid = (u32)bpf_get_current_pid_tgid();
  u64 one = 1;
  u64 *count = bpf_map_lookup_elem(&write_counts, &tid);
  if (count) {
    __sync_fetch_and_add(count, 1);
  } else {
    bpf_map_update_elem(&write_counts, &tid, &one, BPF_NOEXIST);
  }
  if (ctx->args[0] == 1) {
    char text[] = "write to stdout";
    perf_event_output(ctx, &__bpf_stdout__, BPF_F_CURRENT_CPU, text, sizeof(text));
  }
  return 1;
}

char _license[] SEC("license") = "GPL";
