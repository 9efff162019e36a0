package dev.jtrace.tracer.btf;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The running kernel's BTF ({@link Btf#VMLINUX}), read at most once per run and, when {@link
 * #readAhead} was called, on a daemon thread of its own: reading and indexing its 5 MB takes about
 * a hundred milliseconds in a cold JVM, which then overlap the tracer's other start-up steps.
 */
public final class HostBtf {
  private static FutureTask<Btf> task;

  private HostBtf() {}

  /** Starts reading the kernel's BTF, unless it is read or being read already. */
  public static synchronized void readAhead() {
    if (task == null) {
      task = new FutureTask<>(() -> Btf.read(Btf.VMLINUX));
      Thread.ofPlatform().daemon().name("jtrace-host-btf").start(task);
    }
  }

  /**
   * The kernel's BTF, waiting for a read ahead.
   *
   * @throws IOException when the kernel exposes no BTF (the message names the file)
   */
  public static Btf get() throws IOException, BtfException {
    FutureTask<Btf> t;
    synchronized (HostBtf.class) {
      if (task == null) {
        task = new FutureTask<>(() -> Btf.read(Btf.VMLINUX));
        task.run();
      }
      t = task;
    }
    return await(t);
  }

  /**
   * The result of a BTF read running on another thread: its IOException or BtfException as its own,
   * an interrupt as an IOException naming the file.
   */
  public static <T> T await(java.util.concurrent.Future<T> t) throws IOException, BtfException {
    try {
      return t.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + Btf.VMLINUX, e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case BtfException btf -> throw btf;
        case RuntimeException r -> throw r;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
  }
}
