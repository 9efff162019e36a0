package dev.jtrace.perfdata.read;

import static dev.jtrace.perf.abi.SampleType.*;

import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perfdata.PerfDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the kernel's data records from a buffer. Every read is checked against the record's end
 * first; a field that would run past it is a {@link PerfDataException} naming the field.
 */
final class PerfDataRecordDecoder {

  private final EventTable table;
  private final ByteOrder rawOrder;

  PerfDataRecordDecoder(EventTable table, ByteOrder rawOrder) {
    this.table = table;
    this.rawOrder = rawOrder;
  }

  /** A cursor over one record. */
  private static final class Cur {
    final ByteBuffer b;
    final int start;
    final int end;
    final long offset;
    int p;

    Cur(ByteBuffer b, int start, int size, long offset) {
      this.b = b;
      this.start = start;
      this.end = start + size;
      this.offset = offset;
      this.p = start + 8;
    }

    void need(int n, String what) {
      if (n < 0 || end - p < n) {
        throw new PerfDataException(
            offset + (p - start),
            RecordType.name(b.getInt(start))
                + " record of "
                + (end - start)
                + " bytes ends inside the "
                + what);
      }
    }

    long u64(String what) {
      need(8, what);
      long v = b.getLong(p);
      p += 8;
      return v;
    }

    int u32(String what) {
      need(4, what);
      int v = b.getInt(p);
      p += 4;
      return v;
    }

    long[] u64s(long n, String what) {
      if (n < 0 || n > (end - p) / 8) {
        throw new PerfDataException(
            offset + (p - start),
            what
                + " count "
                + Long.toUnsignedString(n)
                + " does not fit in the "
                + (end - start)
                + "-byte record");
      }
      long[] out = new long[(int) n];
      for (int i = 0; i < out.length; i++) {
        out[i] = b.getLong(p);
        p += 8;
      }
      return out;
    }

    String cString(String what) {
      int q = p;
      while (q < end && b.get(q) != 0) q++;
      byte[] s = new byte[q - p];
      b.get(p, s);
      p = q;
      return new String(s, StandardCharsets.UTF_8);
    }
  }

  Sample sample(ByteBuffer b, int start, int size, long offset) {
    Cur c = new Cur(b, start, size, offset);
    PerfDataEvent ev;
    if (table.events.size() == 1) {
      ev = table.events.get(0);
    } else if (table.layout.sampleId() != RecordLayout.ABSENT) {
      c.need(table.layout.sampleId(), "sample id");
      long id = b.getLong(start + table.layout.sampleId());
      ev = table.forId(id);
      if (ev == null) return null;
    } else {
      ev = table.events.isEmpty() ? null : table.events.get(0);
      if (ev == null) return null;
    }
    long st = ev.attr().sampleType();
    long id = 0, ip = 0, time = -1, addr = 0, streamId = 0, period = 0;
    int pid = -1, tid = -1, cpu = -1;
    if ((st & IDENTIFIER) != 0) id = c.u64("identifier");
    if ((st & IP) != 0) ip = c.u64("ip");
    if ((st & TID) != 0) {
      pid = c.u32("pid");
      tid = c.u32("tid");
    }
    if ((st & TIME) != 0) time = c.u64("time");
    if ((st & ADDR) != 0) addr = c.u64("addr");
    if ((st & ID) != 0) id = c.u64("id");
    if ((st & STREAM_ID) != 0) streamId = c.u64("stream id");
    if ((st & CPU) != 0) {
      cpu = c.u32("cpu");
      c.u32("cpu reserved");
    }
    // without PERIOD a sample stands for the attr's period, as perf reads it
    period = (st & PERIOD) != 0 ? c.u64("period") : ev.attr().samplePeriod();
    long[] read = null;
    if ((st & READ) != 0) read = readValues(c, ev.attr().readFormat());
    long[] callchain = null;
    if ((st & CALLCHAIN) != 0) callchain = c.u64s(c.u64("callchain length"), "callchain");
    byte[] raw = null;
    if ((st & RAW) != 0) {
      int n = c.u32("raw size");
      c.need(n, "raw data");
      raw = new byte[n];
      b.get(c.p, raw);
      c.p += n;
    }
    long[] branches = null;
    if ((st & BRANCH_STACK) != 0) {
      long nr = c.u64("branch stack length");
      if ((ev.attr().branchSampleType() & (1L << 17)) != 0) c.u64("branch hw index");
      if (nr < 0 || nr > (c.end - c.p) / 24) c.need(Integer.MAX_VALUE, "branch stack");
      branches = c.u64s(nr * 3, "branch stack");
    }
    long userAbi = 0;
    long[] userRegs = null;
    if ((st & REGS_USER) != 0) {
      userAbi = c.u64("user regs abi");
      if (userAbi != 0) userRegs = c.u64s(Long.bitCount(ev.attr().sampleRegsUser()), "user regs");
    }
    long stackSize = 0;
    byte[] userStack = null;
    if ((st & STACK_USER) != 0) {
      stackSize = c.u64("user stack size");
      if (stackSize < 0 || stackSize > c.end - c.p) c.need(Integer.MAX_VALUE, "user stack");
      int at = c.p;
      c.p += (int) stackSize;
      if (stackSize != 0) {
        long copied = c.u64("user stack dynamic size"); // the bytes the kernel really copied
        userStack = new byte[(int) Math.max(0, Math.min(copied, stackSize))];
        b.get(at, userStack);
      }
    }
    long weight = 0;
    if ((st & (WEIGHT | WEIGHT_STRUCT)) != 0) weight = c.u64("weight");
    long dataSrc = (st & DATA_SRC) != 0 ? c.u64("data source") : 0;
    long txn = (st & TRANSACTION) != 0 ? c.u64("transaction") : 0;
    long intrAbi = 0;
    long[] intrRegs = null;
    if ((st & REGS_INTR) != 0) {
      intrAbi = c.u64("interrupt regs abi");
      if (intrAbi != 0)
        intrRegs = c.u64s(Long.bitCount(ev.attr().sampleRegsIntr()), "interrupt regs");
    }
    long phys = (st & PHYS_ADDR) != 0 ? c.u64("physical address") : 0;
    long cgroup = (st & CGROUP) != 0 ? c.u64("cgroup") : 0;
    long dataPage = (st & DATA_PAGE_SIZE) != 0 ? c.u64("data page size") : 0;
    long codePage = (st & CODE_PAGE_SIZE) != 0 ? c.u64("code page size") : 0;
    long aux = 0;
    if ((st & AUX) != 0) {
      aux = c.u64("aux size");
      if (aux < 0 || aux > c.end - c.p) c.need(Integer.MAX_VALUE, "aux data");
      c.p += (int) aux;
    }
    return new Sample(
        offset, ev, ip, pid, tid, time, addr, id, streamId, cpu, period, read, callchain, raw,
        rawOrder, branches, userAbi, userRegs, stackSize, userStack, weight, dataSrc, txn, intrAbi,
        intrRegs, phys, aux, cgroup, dataPage, codePage);
  }

  private static long[] readValues(Cur c, long fmt) {
    int perValue = 1 + ((fmt & FORMAT_ID) != 0 ? 1 : 0) + ((fmt & FORMAT_LOST) != 0 ? 1 : 0);
    int times =
        ((fmt & FORMAT_TOTAL_TIME_ENABLED) != 0 ? 1 : 0)
            + ((fmt & FORMAT_TOTAL_TIME_RUNNING) != 0 ? 1 : 0);
    if ((fmt & FORMAT_GROUP) != 0) {
      long nr = c.u64("read group size");
      if (nr < 0 || nr > (c.end - c.p) / 8 / perValue) c.need(Integer.MAX_VALUE, "read group");
      return c.u64s(times + nr * perValue, "read values");
    }
    return c.u64s(times + perValue, "read values");
  }

  /** The sample_id_all time of a side-band record, or -1. */
  long trailerTime(ByteBuffer b, int start, int size) {
    RecordLayout l = table.layout;
    if (l.trailerTimeFromEnd() == RecordLayout.ABSENT || size - 8 < l.trailerSize()) return -1;
    return b.getLong(start + size - l.trailerTimeFromEnd());
  }

  PerfRecord sideBand(int type, int misc, ByteBuffer b, int start, int size, long offset) {
    Cur c = new Cur(b, start, size, offset);
    long time = trailerTime(b, start, size);
    return switch (type) {
      case RecordType.COMM -> {
        int pid = c.u32("pid");
        int tid = c.u32("tid");
        yield new CommRecord(
            offset, time, pid, tid, c.cString("comm"), (misc & RecordType.MISC_COMM_EXEC) != 0);
      }
      case RecordType.FORK, RecordType.EXIT ->
          new TaskRecord(
              offset,
              time,
              type == RecordType.FORK,
              c.u32("pid"),
              c.u32("ppid"),
              c.u32("tid"),
              c.u32("ptid"),
              c.u64("time"));
      case RecordType.MMAP, RecordType.MMAP2 -> {
        int pid = c.u32("pid");
        int tid = c.u32("tid");
        long addr = c.u64("address");
        long len = c.u64("length");
        long pgoff = c.u64("page offset");
        int prot = 0;
        int flags = 0;
        if (type == RecordType.MMAP2) {
          c.need(24, (misc & RecordType.MISC_MMAP_BUILD_ID) != 0 ? "build id" : "device and inode");
          c.p += 24;
          prot = c.u32("prot");
          flags = c.u32("flags");
        }
        yield new MmapRecord(
            offset,
            time,
            type == RecordType.MMAP2,
            pid,
            tid,
            addr,
            len,
            pgoff,
            prot,
            flags,
            c.cString("filename"));
      }
      case RecordType.LOST -> new PerfDataLost(offset, time, c.u64("id"), c.u64("lost count"));
      case RecordType.LOST_SAMPLES -> new LostSamplesRecord(offset, time, c.u64("lost count"));
      case RecordType.ID_INDEX -> {
        long nr = c.u64("id index length");
        if (nr < 0 || nr > (c.end - c.p) / 32) c.need(Integer.MAX_VALUE, "id index entries");
        yield new IdIndexRecord(offset, time, (int) nr);
      }
      case RecordType.THREAD_MAP -> {
        long nr = c.u64("thread map length");
        if (nr < 0 || nr > (c.end - c.p) / 24) c.need(Integer.MAX_VALUE, "thread map entries");
        List<ThreadMapRecord.Thread> threads = new ArrayList<>((int) nr);
        for (int i = 0; i < nr; i++) {
          long pid = c.u64("thread pid");
          int at = c.p;
          int q = at;
          while (q < at + 16 && b.get(q) != 0) q++;
          byte[] s = new byte[q - at];
          b.get(at, s);
          c.p += 16;
          threads.add(new ThreadMapRecord.Thread(pid, new String(s, StandardCharsets.UTF_8)));
        }
        yield new ThreadMapRecord(offset, time, List.copyOf(threads));
      }
      case RecordType.CPU_MAP -> new CpuMapRecord(offset, time, cpuMap(c));
      case RecordType.TIME_CONV -> {
        long shift = c.u64("time shift");
        long mult = c.u64("time mult");
        long zero = c.u64("time zero");
        yield new TimeConvRecord(offset, time, (int) shift, mult, zero);
      }
      case RecordType.FINISHED_ROUND, RecordType.FINISHED_INIT ->
          new MarkerRecord(offset, time, type);
      default -> new OtherRecord(offset, time, type, size);
    };
  }

  private static int[] cpuMap(Cur c) {
    c.need(2, "cpu map type");
    int kind = Short.toUnsignedInt(c.b.getShort(c.p));
    c.p += 2;
    if (kind == 0) {
      c.need(2, "cpu count");
      int nr = Short.toUnsignedInt(c.b.getShort(c.p));
      c.p += 2;
      c.need(2 * nr, "cpu list");
      int[] cpus = new int[nr];
      for (int i = 0; i < nr; i++) cpus[i] = Short.toUnsignedInt(c.b.getShort(c.p + 2 * i));
      return cpus;
    }
    if (kind == 1) {
      c.need(4, "cpu mask header");
      int nr = Short.toUnsignedInt(c.b.getShort(c.p));
      int longSize = Short.toUnsignedInt(c.b.getShort(c.p + 2));
      c.p += 4;
      if (longSize != 4 && longSize != 8) return new int[0];
      c.need(nr * longSize, "cpu mask");
      List<Integer> cpus = new ArrayList<>();
      for (int i = 0; i < nr; i++) {
        long word =
            longSize == 8 ? c.b.getLong(c.p + 8 * i) : c.b.getInt(c.p + 4 * i) & 0xffffffffL;
        for (int bit = 0; bit < longSize * 8; bit++) {
          if ((word & (1L << bit)) != 0) cpus.add(i * longSize * 8 + bit);
        }
      }
      return cpus.stream().mapToInt(Integer::intValue).toArray();
    }
    if (kind == 2) {
      c.need(6, "cpu range");
      int start = Short.toUnsignedInt(c.b.getShort(c.p + 2));
      int end = Short.toUnsignedInt(c.b.getShort(c.p + 4));
      int[] cpus = new int[Math.max(0, end - start + 1)];
      for (int i = 0; i < cpus.length; i++) cpus[i] = start + i;
      return cpus;
    }
    return new int[0];
  }
}
