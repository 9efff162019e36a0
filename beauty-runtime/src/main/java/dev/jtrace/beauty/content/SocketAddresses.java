package dev.jtrace.beauty.content;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.TableNames;
import java.nio.ByteBuffer;

/**
 * A {@code struct sockaddr} by its family, as strace spells it: {@code {sa_family=AF_INET,
 * sin_port=htons(80), sin_addr=inet_addr("1.2.3.4")}}; field offsets from the arch's layouts of
 * sockaddr_in, sockaddr_in6, sockaddr_un, sockaddr_nl and sockaddr_ll.
 */
final class SocketAddresses {
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int AF_NETLINK = 16;
  private static final int AF_PACKET = 17;

  private SocketAddresses() {}

  static void decode(ContentRenderer r, ValueOut out, ByteBuffer b, int base, int length) {
    out.beginStruct();
    if (length < 2) {
      out.more();
      out.endStruct();
      return;
    }
    int family = (int) r.memory().read(b, base, 2, false);
    out.field("sa_family");
    // The table names 1 by its POSIX alias AF_LOCAL; strace (and most code) says AF_UNIX.
    String name = family == AF_UNIX ? "UNIX" : r.name(TableNames.SOCKET_FAMILIES, family);
    out.symbol(
        name == null ? Integer.toString(family) : r.prefix(TableNames.SOCKET_FAMILIES) + name,
        family);
    Layout l =
        SyscallContents.layout(
            r.arch(),
            switch (family) {
              case AF_INET -> "struct sockaddr_in";
              case AF_INET6 -> "struct sockaddr_in6";
              case AF_UNIX -> "struct sockaddr_un";
              case AF_NETLINK -> "struct sockaddr_nl";
              case AF_PACKET -> "struct sockaddr_ll";
              default -> "";
            });
    if (l == null) {
      out.field("sa_data");
      out.string(Memory.bytes(b, base + 2, Math.min(length - 2, 14)), length - 2 > 14);
    } else {
      switch (family) {
        case AF_INET -> inet(out, b, base, l);
        case AF_INET6 -> inet6(r, out, b, base, length, l);
        case AF_UNIX -> unix(out, b, base, length, l);
        case AF_NETLINK -> netlink(r, out, b, base, l);
        default -> packet(r, out, b, base, l);
      }
    }
    out.endStruct();
  }

  private static void port(ValueOut out, String name, ByteBuffer b, int at) {
    long port = Memory.network(b, at, 2);
    out.field(name);
    out.symbol("htons(" + port + ")", port);
  }

  private static void inet(ValueOut out, ByteBuffer b, int base, Layout l) {
    port(out, "sin_port", b, base + l.field("sin_port").offset());
    String addr = ipv4(b, base + l.field("sin_addr").offset());
    out.field("sin_addr");
    out.text("inet_addr(\"" + addr + "\")", addr);
  }

  private static void inet6(
      ContentRenderer r, ValueOut out, ByteBuffer b, int base, int length, Layout l) {
    port(out, "sin6_port", b, base + l.field("sin6_port").offset());
    long flow = Memory.network(b, base + l.field("sin6_flowinfo").offset(), 4);
    out.field("sin6_flowinfo");
    out.symbol("htonl(" + flow + ")", flow);
    String addr = ipv6(b, base + l.field("sin6_addr").offset());
    if (out.verbose()) {
      out.field("sin6_addr");
    }
    out.text("inet_pton(AF_INET6, \"" + addr + "\", &sin6_addr)", addr);
    Layout.Field scope = l.field("sin6_scope_id");
    if (scope.offset() + 4 <= length) {
      out.field("sin6_scope_id");
      out.unsigned(r.memory().read(b, base + scope.offset(), 4, false));
    }
  }

  private static void unix(ValueOut out, ByteBuffer b, int base, int length, Layout l) {
    int at = l.field("sun_path").offset();
    out.field("sun_path");
    if (length > at && b.get(b.position() + base + at) == 0 && length > at + 1) {
      // An abstract name: a leading NUL, then bytes up to the address length.
      out.text(
          "@" + quoted(Memory.bytes(b, base + at + 1, length - at - 1)),
          "@" + Memory.bytes(b, base + at + 1, length - at - 1));
    } else {
      out.string(Memory.cString(b, base + at, Math.max(0, length - at)), false);
    }
  }

  private static String quoted(String byteText) {
    return ByteText.appendQuoted(new StringBuilder(), byteText).toString();
  }

  private static void netlink(ContentRenderer r, ValueOut out, ByteBuffer b, int base, Layout l) {
    out.field("nl_pid");
    out.number(r.memory().read(b, base + l.field("nl_pid").offset(), 4, true));
    long groups = r.memory().read(b, base + l.field("nl_groups").offset(), 4, false);
    out.field("nl_groups");
    out.symbol(String.format("%08x", groups), groups);
  }

  private static void packet(ContentRenderer r, ValueOut out, ByteBuffer b, int base, Layout l) {
    long protocol = Memory.network(b, base + l.field("sll_protocol").offset(), 2);
    out.field("sll_protocol");
    out.symbol("htons(" + protocol + ")", protocol);
    for (String f : new String[] {"sll_ifindex", "sll_hatype", "sll_pkttype", "sll_halen"}) {
      Layout.Field field = l.field(f);
      out.field(f);
      out.number(r.memory().read(b, base + field.offset(), field.size(), field.signed()));
    }
    Layout.Field addr = l.field("sll_addr");
    out.field("sll_addr");
    out.beginArray();
    for (int i = 0; i < addr.size(); i++) {
      int v = b.get(b.position() + base + addr.offset() + i) & 0xff;
      out.symbol(String.format("%#04x", v), v);
    }
    out.endArray();
  }

  static String ipv4(ByteBuffer b, int at) {
    int p = b.position() + at;
    return (b.get(p) & 0xff)
        + "."
        + (b.get(p + 1) & 0xff)
        + "."
        + (b.get(p + 2) & 0xff)
        + "."
        + (b.get(p + 3) & 0xff);
  }

  /** RFC 5952's text: lower-case hex groups, the longest run of zero groups as {@code ::}. */
  static String ipv6(ByteBuffer b, int at) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (int) Memory.network(b, at + 2 * i, 2);
    }
    boolean mapped =
        g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    if (mapped) {
      return "::ffff:" + ipv4(b, at + 12);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
