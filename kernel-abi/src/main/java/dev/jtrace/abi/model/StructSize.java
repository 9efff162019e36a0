package dev.jtrace.abi.model;

/**
 * {@code sizeof} of a struct or union laid out for the LP64 x86_64 ABI; ioctl numbers need it.
 *
 * @param kind {@code struct} or {@code union}
 */
public record StructSize(String kind, String name, long size) {}
