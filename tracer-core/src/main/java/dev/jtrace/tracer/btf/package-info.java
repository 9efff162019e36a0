/**
 * The kernel's BPF Type Format (BTF) as {@code /sys/kernel/btf/vmlinux} presents it (the raw
 * format: header, type section, string section), read far enough to answer where a member of a
 * kernel struct lies ({@code task_struct.thread_info.status}) and what an enumerator is worth. BPF
 * programs that read kernel memory (the compat check of {@code dev.jtrace.tracer.bpf.CompatCheck})
 * take their offsets from here, so they follow the running kernel's layout instead of a guess.
 */
package dev.jtrace.tracer.btf;
