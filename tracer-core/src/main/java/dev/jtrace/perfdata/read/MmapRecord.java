package dev.jtrace.perfdata.read;

/** PERF_RECORD_MMAP or MMAP2 (the inode or build-id part of MMAP2 is not kept). */
public record MmapRecord(
    long offset,
    long time,
    boolean mmap2,
    int pid,
    int tid,
    long address,
    long length,
    long pgoff,
    int prot,
    int flags,
    String filename)
    implements PerfRecord {}
