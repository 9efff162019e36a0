package dev.jtrace.abi.model;

/** One row of an arch's syscall table: number and name (without any {@code sys_} prefix). */
public record SyscallEntry(int number, String name) {}
