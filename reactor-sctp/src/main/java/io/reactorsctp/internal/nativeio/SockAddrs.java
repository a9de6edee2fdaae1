package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.AF_INET;
import static io.reactorsctp.internal.nativeio.SctpConstants.AF_INET6;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct sockaddr_in}/{@code sockaddr_in6} to and from {@link InetSocketAddress}. Internal:
 * not part of reactor-sctp's API.
 */
public final class SockAddrs {
  static final int SOCKADDR_IN_SIZE = (int) SctpStructs.SOCKADDR_IN.byteSize();
  static final int SOCKADDR_IN6_SIZE = (int) SctpStructs.SOCKADDR_IN6.byteSize();

  /**
   * {@code sin_family} and {@code sin6_family} share their offset, which is how a reader tells them
   * apart.
   */
  private static final long FAMILY = offset(SctpStructs.SOCKADDR_IN, "sin_family");

  private static final long IN_PORT = offset(SctpStructs.SOCKADDR_IN, "sin_port");
  private static final long IN_ADDR = offset(SctpStructs.SOCKADDR_IN, "sin_addr");
  private static final long IN6_PORT = offset(SctpStructs.SOCKADDR_IN6, "sin6_port");
  private static final long IN6_ADDR = offset(SctpStructs.SOCKADDR_IN6, "sin6_addr");
  private static final long IN6_SCOPE_ID = offset(SctpStructs.SOCKADDR_IN6, "sin6_scope_id");

  /**
   * Where an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) keeps its marker and its IPv4
   * address.
   */
  private static final long IN6_MAPPED_MARKER = IN6_ADDR + 10;

  private static final long IN6_MAPPED_V4 = IN6_ADDR + 12;
  private static final ValueLayout.OfShort PORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Writes {@code address} at offset 0 of {@code into}; returns its length. */
  static int write(InetSocketAddress address, MemorySegment into, boolean ipv6Socket) {
    InetAddress ip = address.getAddress();
    into.asSlice(0, ipv6Socket ? SOCKADDR_IN6_SIZE : SOCKADDR_IN_SIZE).fill((byte) 0);
    if (ip instanceof Inet4Address && !ipv6Socket) {
      into.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY, (short) AF_INET);
      into.set(PORT, IN_PORT, (short) address.getPort());
      MemorySegment.copy(ip.getAddress(), 0, into, ValueLayout.JAVA_BYTE, IN_ADDR, 4);
      return SOCKADDR_IN_SIZE;
    }
    into.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY, (short) AF_INET6);
    into.set(PORT, IN6_PORT, (short) address.getPort());
    byte[] bytes = ip.getAddress();
    if (bytes.length == 4) { // IPv4 on an IPv6 socket: ::ffff:a.b.c.d
      into.set(ValueLayout.JAVA_SHORT_UNALIGNED, IN6_MAPPED_MARKER, (short) 0xffff);
      MemorySegment.copy(bytes, 0, into, ValueLayout.JAVA_BYTE, IN6_MAPPED_V4, 4);
    } else {
      MemorySegment.copy(bytes, 0, into, ValueLayout.JAVA_BYTE, IN6_ADDR, 16);
      if (ip instanceof Inet6Address v6) {
        into.set(ValueLayout.JAVA_INT_UNALIGNED, IN6_SCOPE_ID, v6.getScopeId());
      }
    }
    return SOCKADDR_IN6_SIZE;
  }

  /**
   * @param from memory holding a {@code sockaddr_in} or {@code sockaddr_in6} at offset 0
   * @return the address, or null for an unknown family; IPv4-mapped IPv6 reads as IPv4
   */
  public static InetSocketAddress read(MemorySegment from) {
    int family = from.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY);
    try {
      if (family == AF_INET) {
        byte[] b = new byte[4];
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, IN_ADDR, b, 0, 4);
        return new InetSocketAddress(
            InetAddress.getByAddress(b), Short.toUnsignedInt(from.get(PORT, IN_PORT)));
      }
      if (family == AF_INET6) {
        byte[] b = new byte[16];
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, IN6_ADDR, b, 0, 16);
        int port = Short.toUnsignedInt(from.get(PORT, IN6_PORT));
        int scope = from.get(ValueLayout.JAVA_INT_UNALIGNED, IN6_SCOPE_ID);
        InetAddress ip = InetAddress.getByAddress(b); // mapped addresses come back as Inet4Address
        if (ip instanceof Inet6Address && scope != 0) {
          ip = Inet6Address.getByAddress(null, b, scope);
        }
        return new InetSocketAddress(ip, port);
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: the byte arrays have valid lengths
    }
    return null;
  }

  /**
   * Writes addresses back to back, each in its own family, as {@code sctp_bindx}/{@code
   * sctp_connectx} take them.
   *
   * @return the total length
   */
  static int writePacked(List<InetSocketAddress> addresses, MemorySegment into) {
    int at = 0;
    for (InetSocketAddress a : addresses) {
      at += write(a, into.asSlice(at), a.getAddress() instanceof Inet6Address);
    }
    return at;
  }

  /** {@return the buffer size {@link #writePacked} needs at most} */
  static long packedSize(int count) {
    return (long) count * SOCKADDR_IN6_SIZE;
  }

  /** Reads {@code count} addresses written back to back. */
  static List<InetSocketAddress> readPacked(MemorySegment from, int count) {
    List<InetSocketAddress> out = new ArrayList<>(count);
    long at = 0;
    for (int i = 0; i < count && at + SOCKADDR_IN_SIZE <= from.byteSize(); i++) {
      MemorySegment one = from.asSlice(at);
      InetSocketAddress a = read(one);
      if (a == null) {
        break;
      }
      out.add(a);
      at += size(one);
    }
    return out;
  }

  /** Size of the address at offset 0, by its family. */
  static int size(MemorySegment at) {
    return at.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY) == AF_INET
        ? SOCKADDR_IN_SIZE
        : SOCKADDR_IN6_SIZE;
  }

  private SockAddrs() {}
}
