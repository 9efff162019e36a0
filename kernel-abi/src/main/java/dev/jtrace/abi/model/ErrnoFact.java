package dev.jtrace.abi.model;

/** An errno constant and the description its header gives it in a comment. */
public record ErrnoFact(String name, long value, String description) {}
