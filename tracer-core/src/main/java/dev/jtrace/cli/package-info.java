/** The {@code jtrace} command line: option parsing and subcommand dispatch. */
package dev.jtrace.cli;
