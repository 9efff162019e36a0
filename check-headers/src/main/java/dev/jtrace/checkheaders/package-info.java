/** The header-drift check: compares the pinned ABI snapshot with a kernel tree, as facts. */
package dev.jtrace.checkheaders;
