/**
 * Which ABI facts make which string table: the table specs (our equivalent of perf's beauty
 * scripts) and the passes that turn the snapshot into table models — select, dedupe, sort — for the
 * emitter.
 */
package dev.jtrace.generator.tables;
