/**
 * Files jtrace writes and the wording of what went wrong with a file: {@link
 * dev.jtrace.files.OutputFile} creates every output file (trace {@code -o}, {@code record -o})
 * without following links, and {@link dev.jtrace.files.IoErrors} turns an {@link
 * java.io.IOException} into the operating system's reason for a one-line message.
 */
package dev.jtrace.files;
