package dev.jtrace.beauty;

/**
 * One argument as printed: its name, the raw register value and the rendered text ({@code flags},
 * {@code 524288}, {@code RDONLY|CLOEXEC}).
 */
public record FormattedArg(String name, long raw, String text) {}
