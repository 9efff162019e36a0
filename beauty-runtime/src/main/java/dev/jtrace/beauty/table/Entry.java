package dev.jtrace.beauty.table;

/**
 * One row of a table.
 *
 * @param value the number (a bit for flag tables, the {@code _IOC_NR} for ioctl tables)
 * @param name the name with the table's prefix stripped, as perf prints it ({@code RDONLY})
 */
public record Entry(long value, String name) {}
