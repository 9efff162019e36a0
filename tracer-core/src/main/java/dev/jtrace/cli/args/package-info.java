/**
 * One table-driven option parser for every {@code jtrace} command: a command declares its {@link
 * dev.jtrace.cli.args.Options} (flags, values, repeated values, the positional rest), gets a {@link
 * dev.jtrace.cli.args.ParsedArgs} back, and the help text and every usage error come from the same
 * spec, so each command spells options as perf does and fails with the same one-line wording.
 */
package dev.jtrace.cli.args;
