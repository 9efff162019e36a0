package dev.jtrace.abi.model;

import java.util.List;

/**
 * A function-like {@code #define} that encodes an ioctl command whose size is an argument, e.g.
 * {@code USBDEVFS_CONNINFO_EX(len)}: direction, type and number are constant, the arguments set the
 * {@code _IOC_SIZE} bits and nothing else.
 *
 * @param name the macro name
 * @param params its parameter names, in order
 * @param value the command with every argument 0 (size 0)
 * @param expression the replacement text, comments removed and white space folded to single blanks
 */
public record IoctlMacro(String name, List<String> params, long value, String expression) {
  public IoctlMacro {
    params = List.copyOf(params);
  }
}
