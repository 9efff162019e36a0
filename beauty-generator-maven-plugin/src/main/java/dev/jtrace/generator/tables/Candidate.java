package dev.jtrace.generator.tables;

/** A name a selector picked, before duplicates are resolved. */
record Candidate(long value, String name, String fullName, String source, String description) {
  Candidate withValue(long v) {
    return new Candidate(v, name, fullName, source, description);
  }
}
