/*
 * The talk's filter.c, on a syscall: a program on syscalls:sys_enter_close that returns 0 drops
 * the call. This one drops every close of an fd above 100 (a workload's marker calls) and keeps the
 * rest.
 */
#include "bpf.h"

SEC("tracepoint/syscalls/sys_enter_close")
int filter(struct syscall_enter_args *ctx)
{
  return ctx->args[0] <= 100;
}

char _license[] SEC("license") = "GPL";
int _version SEC("version") = LINUX_VERSION_CODE;
