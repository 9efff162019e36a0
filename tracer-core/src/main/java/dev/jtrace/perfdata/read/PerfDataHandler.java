package dev.jtrace.perfdata.read;

/** Receives what a {@link PerfDataReader} decodes, in order. */
public interface PerfDataHandler {
  /**
   * The header, before the first data record (again if pipe-mode header records change it later).
   */
  default void header(PerfHeader header) {}

  /** One data record, in time order within each round. */
  default void record(PerfRecord record) {}

  /** Something odd that did not stop the read (an unknown record type, a feature left out). */
  default void warning(String message) {}
}
