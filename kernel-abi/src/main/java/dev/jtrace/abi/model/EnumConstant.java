package dev.jtrace.abi.model;

/**
 * One enumerator with its value resolved (implicit values counted on from the previous one).
 *
 * @param enumTag the enum's tag, or {@code "-"} for an anonymous enum
 */
public record EnumConstant(String enumTag, String name, long value) {}
