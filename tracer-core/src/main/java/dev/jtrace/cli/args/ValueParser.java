package dev.jtrace.cli.args;

/** Turns an option's text into its value, or says in a few words why it cannot. */
@FunctionalInterface
public interface ValueParser<T> {
  T parse(String text) throws BadValue;
}
