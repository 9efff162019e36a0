/**
 * Reading perf.data: file mode and pipe mode, either byte order, attrs with their ids, the feature
 * sections and the data records, streamed through a bounded window and handed to a {@link
 * dev.jtrace.perfdata.read.PerfDataHandler} in time order per round.
 */
package dev.jtrace.perfdata.read;
