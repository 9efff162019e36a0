package dev.jtrace.tracer.output;

import dev.jtrace.files.OutputFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A buffered UTF-8 writer for trace lines. The printers build each line in a StringBuilder; the
 * JDK's BufferedWriter + OutputStreamWriter would widen it to chars and encode them back one char
 * at a time, which was the largest single cost of printing a million lines. Here a line goes String
 * → UTF-8 bytes in one intrinsic copy (ASCII text stays a plain copy) straight into a byte buffer.
 */
public final class Utf8Writer extends Writer {
  private final OutputStream out;
  private final byte[] buf;
  private int pos;

  /**
   * The trace's output: the -o file (made by {@link OutputFile}: no links followed, an existing
   * file kept as FILE.old), or stderr when there is none.
   */
  public static Utf8Writer open(String output) throws IOException {
    OutputStream os =
        output != null
            ? Channels.newOutputStream(OutputFile.create(Path.of(output)))
            : new FileOutputStream(FileDescriptor.err);
    return new Utf8Writer(os, 1 << 16);
  }

  public Utf8Writer(OutputStream out, int bufferSize) {
    this.out = out;
    this.buf = new byte[bufferSize];
  }

  @Override
  public Writer append(CharSequence csq) throws IOException {
    put(String.valueOf(csq).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  @Override
  public Writer append(CharSequence csq, int start, int end) throws IOException {
    return append(String.valueOf(csq).subSequence(start, end));
  }

  @Override
  public Writer append(char c) throws IOException {
    write(c);
    return this;
  }

  @Override
  public void write(int c) throws IOException {
    if (c < 0x80) {
      if (pos == buf.length) {
        drain();
      }
      buf[pos++] = (byte) c;
    } else {
      put(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    put(s.substring(off, off + len).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    put(new String(cbuf, off, len).getBytes(StandardCharsets.UTF_8));
  }

  private void put(byte[] b) throws IOException {
    if (b.length > buf.length - pos) {
      drain();
      if (b.length > buf.length) {
        out.write(b);
        return;
      }
    }
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void drain() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
