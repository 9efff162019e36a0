/**
 * The header-drift check: derives facts from a kernel tree with kernel-abi, as a refresh would, and
 * compares them record by record with the pinned snapshot's ({@link
 * dev.jtrace.checkheaders.FactDiff}). The command ({@code jtrace check-headers}) and the Maven goal
 * are thin callers in tracer-core and the generator plugin.
 */
package dev.jtrace.checkheaders;
