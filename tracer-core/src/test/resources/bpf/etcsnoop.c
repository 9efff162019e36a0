/*
 * The talk's sys_enter_openat.c: every filename openat is given goes to __bpf_stdout__. It returns
 * 1: on a syscall's entry tracepoint a 0 would drop the call from the trace (see filter.c).
 */
#include "bpf.h"

SEC("syscalls:sys_enter_openat")
int etcsnoop(struct syscall_enter_args *ctx)
{
  char filename[256];
  const char *filename_ptr = (const char *)ctx->args[1];
  long len = bpf_probe_read_user_str(filename, sizeof(filename), filename_ptr);
  if (len > 0 && len < 256) {
    perf_event_output(ctx, &__bpf_stdout__, BPF_F_CURRENT_CPU, filename, len & (256 - 1));
  }
  return 1;
}

char _license[] SEC("license") = "GPL";
