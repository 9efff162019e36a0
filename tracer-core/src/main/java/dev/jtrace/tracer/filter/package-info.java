/**
 * {@code --filter EXPR}: argument filters by name, evaluated in the kernel. {@link
 * dev.jtrace.tracer.filter.FilterParser} reads the expression into a {@link
 * dev.jtrace.tracer.filter.FilterExpr} tree that keeps each name's position; {@link
 * dev.jtrace.tracer.filter.FilterResolver} binds it to one syscall's signature (argument indexes,
 * widths, value names from the argument's table) as a {@link dev.jtrace.tracer.filter.BoundFilter};
 * the BPF capture's emitter compiles that into the sys_enter program. Errors are {@link
 * dev.jtrace.tracer.filter.FilterException}s naming the position in the expression.
 */
package dev.jtrace.tracer.filter;
