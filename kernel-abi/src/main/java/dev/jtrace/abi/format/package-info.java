/**
 * tracefs event format files (grammar {@code TraceFormatLexer}/{@code TraceFormatParser}) as facts.
 */
package dev.jtrace.abi.format;
