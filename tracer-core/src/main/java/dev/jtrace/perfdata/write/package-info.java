/**
 * Writing perf.data that the real perf reads: file mode (header, attrs, ids, data, feature
 * sections) or pipe mode, in either byte order, with tracing data built from tracefs format files.
 */
package dev.jtrace.perfdata.write;
