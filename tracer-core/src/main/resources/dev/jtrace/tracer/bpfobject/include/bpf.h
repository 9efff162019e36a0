/*
 * jtrace's helper header for eBPF scriptlets (-e file.c): compiled with
 *   clang -target bpf -O2 -g -c file.c -I<this directory>
 * It is self-contained (no kernel or libbpf header): the types, the map kinds and the helpers a
 * tracing program calls, each helper declared by its number in the kernel's bpf() ABI.
 */
#ifndef JTRACE_BPF_H
#define JTRACE_BPF_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

/* Puts a function or a variable in the ELF section jtrace reads it from. */
#define SEC(name) __attribute__((section(name), used))

/* BTF-style map members: the value is read back from the debug info (clang -g). */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

/* Map kinds (enum bpf_map_type). */
#define BPF_MAP_TYPE_HASH 1
#define BPF_MAP_TYPE_ARRAY 2
#define BPF_MAP_TYPE_PERF_EVENT_ARRAY 4
#define BPF_MAP_TYPE_PERCPU_HASH 5
#define BPF_MAP_TYPE_PERCPU_ARRAY 6

/* Map update flags. */
#define BPF_ANY 0
#define BPF_NOEXIST 1
#define BPF_EXIST 2

/* perf_event_output's flags: the event of the CPU the program runs on. */
#define BPF_F_CURRENT_CPU 0xffffffffULL

/* A legacy map definition, in the ELF section "maps" (perf's and old samples' form). */
struct bpf_map_def {
  unsigned int type;
  unsigned int key_size;
  unsigned int value_size;
  unsigned int max_entries;
  unsigned int map_flags;
};

/* Helpers, by number. */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, u64 flags) = (void *)2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *)3;
static long (*bpf_probe_read)(void *dst, u32 size, const void *src) = (void *)4;
static u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static long (*bpf_trace_printk)(const char *fmt, u32 fmt_size, ...) = (void *)6;
static u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static u64 (*bpf_get_current_uid_gid)(void) = (void *)15;
static long (*bpf_get_current_comm)(void *buf, u32 size) = (void *)16;
static long (*bpf_perf_event_output)(void *ctx, void *map, u64 flags, void *data, u64 size) = (void *)25;
static long (*bpf_probe_read_str)(void *dst, u32 size, const void *unsafe_ptr) = (void *)45;
static long (*bpf_probe_read_user)(void *dst, u32 size, const void *unsafe_ptr) = (void *)112;
static long (*bpf_probe_read_kernel)(void *dst, u32 size, const void *unsafe_ptr) = (void *)113;
static long (*bpf_probe_read_user_str)(void *dst, u32 size, const void *unsafe_ptr) = (void *)114;
static long (*bpf_probe_read_kernel_str)(void *dst, u32 size, const void *unsafe_ptr) = (void *)115;

/* The talk's short names. */
#define perf_event_output bpf_perf_event_output
#define probe_read bpf_probe_read
#define probe_read_str bpf_probe_read_str

/*
 * __bpf_stdout__: what a program writes here with perf_event_output(ctx, &__bpf_stdout__,
 * BPF_F_CURRENT_CPU, data, size) prints among the syscalls as "__bpf_stdout__:<data>". jtrace
 * fills the array with one output event per CPU.
 */
struct {
  __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  __uint(key_size, sizeof(int));
  __uint(value_size, sizeof(u32));
} __bpf_stdout__ SEC(".maps") __attribute__((weak));

/* The context of a syscalls:sys_enter_* program: the tracepoint's record. */
struct syscall_enter_args {
  u64 common;  /* common_type, flags, preempt count, pid */
  s64 nr;      /* the syscall number (an int, padded) */
  u64 args[6];
};

#endif
