package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.Errno.EAGAIN;
import static io.reactorsctp.Errno.EINPROGRESS;
import static io.reactorsctp.internal.nativeio.SctpConstants.*;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import io.reactorsctp.SctpNativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One kernel SCTP socket, non-blocking and close-on-exec, with its calls typed: opening, binding,
 * connecting, accepting and addresses here, struct-valued options in {@link SctpSocketOptions}, the
 * descriptor in {@link SctpFileDescriptor}. Calls off the data path throw {@link
 * SctpNativeException}; the data path ({@link SendMsg}, {@link RecvMsg}) returns negative errno
 * values. Internal: not part of reactor-sctp's API.
 */
public final class SctpSocket extends SctpAuthOptions {
  /**
   * Room for the address lists of {@code SCTP_GET_*_ADDRS}: 8-byte header and up to 146 IPv6
   * addresses.
   */
  private static final long ADDRESS_LIST_BYTES = 4096;

  private SctpSocket(int fd, boolean ipv6) {
    super(fd, ipv6);
  }

  /**
   * Links the C library calls and lays out the structs now rather than at the first socket (what a
   * {@code warmup} does), so the first association does not pay for it. Needs no SCTP in the
   * kernel; idempotent.
   */
  public static void loadBindings() {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    for (Class<?> c :
        List.of(
            LibC.class,
            SctpStructs.class,
            SctpFileDescriptor.class,
            SendMsg.class,
            RecvMsg.class,
            KernelNotifications.class)) {
      try {
        lookup.ensureInitialized(c);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Opens a one-to-one style socket ({@code SOCK_STREAM}).
   *
   * @param ipv6 AF_INET6 (which also reaches IPv4 peers through mapped addresses) rather than
   *     AF_INET
   * @return the socket
   * @throws SctpNativeException when the kernel refuses; EPROTONOSUPPORT means it has no SCTP
   */
  public static SctpSocket openStream(boolean ipv6) throws SctpNativeException {
    return open(ipv6, SOCK_STREAM);
  }

  /**
   * Opens a one-to-many style socket ({@code SOCK_SEQPACKET}).
   *
   * @param ipv6 AF_INET6 rather than AF_INET
   * @return the socket
   * @throws SctpNativeException when the kernel refuses
   */
  public static SctpSocket openSeqpacket(boolean ipv6) throws SctpNativeException {
    return open(ipv6, SOCK_SEQPACKET);
  }

  private static SctpSocket open(boolean ipv6, int type) throws SctpNativeException {
    String what =
        "socket("
            + (ipv6 ? "AF_INET6" : "AF_INET")
            + ", "
            + (type == SOCK_STREAM ? "SOCK_STREAM" : "SOCK_SEQPACKET")
            + ", IPPROTO_SCTP)";
    try (Arena arena = Arena.ofConfined()) {
      int fd =
          call(
              arena,
              what,
              c ->
                  (int)
                      LibC.SOCKET.invokeExact(
                          c,
                          ipv6 ? AF_INET6 : AF_INET,
                          type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          IPPROTO_SCTP));
      return new SctpSocket(fd, ipv6);
    }
  }

  /**
   * @param address local address and port (port 0: the kernel picks)
   * @throws SctpNativeException when the kernel refuses
   */
  public void bind(InetSocketAddress address) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sa = arena.allocate(SctpStructs.SOCKADDR_STORAGE_SIZE);
      int len = SockAddrs.write(address, sa, ipv6);
      call(arena, "bind " + address, c -> (int) LibC.BIND.invokeExact(c, fd, sa, len));
    }
  }

  /**
   * @param backlog pending associations the kernel keeps before accept
   * @throws SctpNativeException when the kernel refuses
   */
  public void listen(int backlog) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      call(arena, "listen", c -> (int) LibC.LISTEN.invokeExact(c, fd, backlog));
    }
  }

  /**
   * @return the next established association as a socket, or null when none is pending (EAGAIN)
   * @throws SctpNativeException on any other failure
   */
  public SctpSocket accept() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      int child =
          callOrErrno(
              arena,
              c ->
                  (int)
                      LibC.ACCEPT4.invokeExact(
                          c,
                          fd,
                          MemorySegment.NULL,
                          MemorySegment.NULL,
                          SOCK_NONBLOCK | SOCK_CLOEXEC));
      if (child == -EAGAIN) {
        return null;
      }
      if (child < 0) {
        throw SctpNativeException.of("accept4", -child);
      }
      return new SctpSocket(child, ipv6);
    }
  }

  /**
   * Starts setting up an association.
   *
   * @param address the peer
   * @return true when already established, false when in progress (wait for EPOLLOUT, then {@link
   *     #finishConnect()})
   * @throws SctpNativeException when the kernel refuses at once
   */
  public boolean connect(InetSocketAddress address) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sa = arena.allocate(SctpStructs.SOCKADDR_STORAGE_SIZE);
      int len = SockAddrs.write(address, sa, ipv6);
      int rc = callOrErrno(arena, c -> (int) LibC.CONNECT.invokeExact(c, fd, sa, len));
      if (rc >= 0) {
        return true;
      }
      if (rc == -EINPROGRESS) {
        return false;
      }
      throw SctpNativeException.of("connect", -rc).withContext("to " + address);
    }
  }

  /**
   * Adds local addresses to, or removes them from, the bound socket ({@code sctp_bindx(3)}, {@code
   * SCTP_SOCKOPT_BINDX_ADD}/{@code _REM}); at run time too, which sends ASCONF to peers that
   * support it.
   *
   * @param addresses the addresses (one port for all)
   * @param add add or remove
   * @throws SctpNativeException when the kernel refuses
   */
  public void bindx(List<InetSocketAddress> addresses, boolean add) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packed = arena.allocate(SockAddrs.packedSize(addresses.size()));
      int len = SockAddrs.writePacked(addresses, packed);
      setOption(
          arena,
          SOL_SCTP,
          add ? SCTP_SOCKOPT_BINDX_ADD : SCTP_SOCKOPT_BINDX_REM,
          packed.asSlice(0, len),
          (add ? "bindx add " : "bindx remove ") + addresses);
    }
  }

  /**
   * Starts setting up an association with a multi-homed peer ({@code sctp_connectx(3)}, {@code
   * SCTP_SOCKOPT_CONNECTX}).
   *
   * @param addresses the peer's addresses
   * @return true when already established, false when in progress
   * @throws SctpNativeException when the kernel refuses at once
   */
  public boolean connectx(List<InetSocketAddress> addresses) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packed = arena.allocate(SockAddrs.packedSize(addresses.size()));
      int len = SockAddrs.writePacked(addresses, packed);
      int rc =
          callOrErrno(
              arena,
              c ->
                  (int)
                      LibC.SETSOCKOPT.invokeExact(
                          c, fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX, packed, len));
      if (rc >= 0) {
        return true;
      }
      if (rc == -EINPROGRESS) {
        return false;
      }
      throw SctpNativeException.of("connectx", -rc).withContext("to " + addresses);
    }
  }

  /**
   * Starts setting up an association on a one-to-many socket and returns its id at once ({@code
   * SCTP_SOCKOPT_CONNECTX3}, which reports the id even while the set-up is in progress).
   *
   * @param addresses the peer's addresses
   * @return the new association's id
   * @throws SctpNativeException when the kernel refuses
   */
  public int connectxAssociation(List<InetSocketAddress> addresses) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packed = arena.allocate(SockAddrs.packedSize(addresses.size()));
      int len = SockAddrs.writePacked(addresses, packed);
      StructLayout l = SctpStructs.SCTP_GETADDRS_OLD;
      MemorySegment param = arena.allocate(l);
      param.set(
          ValueLayout.JAVA_INT,
          offset(l, "addr_num"),
          len); // for CONNECTX3, the addresses' size in bytes
      param.set(ValueLayout.ADDRESS, offset(l, "addrs"), packed);
      MemorySegment optlen = arena.allocate(ValueLayout.JAVA_INT);
      optlen.set(ValueLayout.JAVA_INT, 0, (int) l.byteSize());
      int rc =
          callOrErrno(
              arena,
              c ->
                  (int)
                      LibC.GETSOCKOPT.invokeExact(
                          c, fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX3, param, optlen));
      if (rc < 0 && rc != -EINPROGRESS) {
        throw SctpNativeException.of("connectx", -rc).withContext("to " + addresses);
      }
      return param.get(ValueLayout.JAVA_INT, offset(l, "assoc_id"));
    }
  }

  /**
   * Moves one association of a one-to-many socket to a new one-to-one socket, with its queued data
   * ({@code sctp_peeloff(3)}, {@code SCTP_SOCKOPT_PEELOFF_FLAGS}; non-blocking, close-on-exec).
   *
   * @param assocId the association
   * @return the new socket
   * @throws SctpNativeException when the kernel refuses (ENOENT: no such association)
   */
  public SctpSocket peelOff(int assocId) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout l = SctpStructs.SCTP_PEELOFF_FLAGS_ARG;
      MemorySegment arg = arena.allocate(l);
      arg.set(ValueLayout.JAVA_INT, offset(l, "p_arg", "associd"), assocId);
      arg.set(ValueLayout.JAVA_INT, offset(l, "flags"), SOCK_NONBLOCK | SOCK_CLOEXEC);
      getOption(
          arena, SOL_SCTP, SCTP_SOCKOPT_PEELOFF_FLAGS, arg, "peeloff(association " + assocId + ")");
      return new SctpSocket(arg.get(ValueLayout.JAVA_INT, offset(l, "p_arg", "sd")), ipv6);
    }
  }

  /**
   * @param peer the peer's addresses rather than the local ones
   * @param assocId the association (ignored on one-to-one sockets)
   * @return every address of the association's local or peer end ({@code
   *     SCTP_GET_LOCAL_ADDRS}/{@code _PEER_})
   * @throws SctpNativeException when the kernel refuses (e.g. no association)
   */
  public List<InetSocketAddress> addresses(boolean peer, int assocId) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout l = SctpStructs.SCTP_GETADDRS;
      MemorySegment buf = arena.allocate(ADDRESS_LIST_BYTES, l.byteAlignment());
      buf.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
      getOption(
          arena,
          SOL_SCTP,
          peer ? SCTP_GET_PEER_ADDRS : SCTP_GET_LOCAL_ADDRS,
          buf,
          peer ? "getsockopt(SCTP_GET_PEER_ADDRS)" : "getsockopt(SCTP_GET_LOCAL_ADDRS)");
      int count = buf.get(ValueLayout.JAVA_INT, offset(l, "addr_num"));
      return SockAddrs.readPacked(buf.asSlice(offset(l, "addrs")), count);
    }
  }

  /**
   * Sets this end's primary path to the peer ({@code SCTP_PRIMARY_ADDR}), or asks the peer to use
   * one of our addresses as its primary ({@code SCTP_SET_PEER_PRIMARY_ADDR}).
   *
   * @param address a peer address (or, for the peer's primary, a local one)
   * @param asPeersPrimary ask the peer instead of setting ours
   * @param assocId the association (ignored on one-to-one sockets)
   * @throws SctpNativeException when the kernel refuses
   */
  public void setPrimary(InetSocketAddress address, boolean asPeersPrimary, int assocId)
      throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      // struct sctp_prim and struct sctp_setpeerprim: the same shape under different names.
      StructLayout l = asPeersPrimary ? SctpStructs.SCTP_SETPEERPRIM : SctpStructs.SCTP_PRIM;
      MemorySegment prim = arena.allocate(l);
      prim.set(
          ValueLayout.JAVA_INT,
          offset(l, asPeersPrimary ? "sspp_assoc_id" : "ssp_assoc_id"),
          assocId);
      SockAddrs.write(
          address,
          prim.asSlice(offset(l, asPeersPrimary ? "sspp_addr" : "ssp_addr")),
          address.getAddress() instanceof Inet6Address);
      setOption(
          arena,
          SOL_SCTP,
          asPeersPrimary ? SCTP_SET_PEER_PRIMARY_ADDR : SCTP_PRIMARY_ADDR,
          prim,
          (asPeersPrimary
                  ? "setsockopt(SCTP_SET_PEER_PRIMARY_ADDR, "
                  : "setsockopt(SCTP_PRIMARY_ADDR, ")
              + address
              + ")");
    }
  }

  /**
   * @return true once the association set up by {@link #connect} is established
   * @throws SctpNativeException with the set-up's error ({@code SO_ERROR}) when it failed
   */
  public boolean finishConnect() throws SctpNativeException {
    int error = getInt(SOL_SOCKET, SO_ERROR);
    if (error != 0) {
      throw SctpNativeException.of("connect", error);
    }
    return remoteAddress() != null;
  }

  /** {@return the bound local address, or null when unbound} */
  public InetSocketAddress localAddress() {
    return name(true);
  }

  /** {@return the peer's primary address, or null when not connected} */
  public InetSocketAddress remoteAddress() {
    return name(false);
  }

  private InetSocketAddress name(boolean local) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sa = arena.allocate(SctpStructs.SOCKADDR_STORAGE_SIZE);
      MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
      len.set(ValueLayout.JAVA_INT, 0, (int) SctpStructs.SOCKADDR_STORAGE_SIZE);
      int rc =
          callOrErrno(
              arena,
              local
                  ? c -> (int) LibC.GETSOCKNAME.invokeExact(c, fd, sa, len)
                  : c -> (int) LibC.GETPEERNAME.invokeExact(c, fd, sa, len));
      return rc == 0 ? SockAddrs.read(sa) : null;
    }
  }

  /**
   * @param how SHUT_RD, SHUT_WR (graceful SCTP SHUTDOWN once queued data is sent) or SHUT_RDWR
   * @throws SctpNativeException when the kernel refuses
   */
  public void shutdown(int how) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      call(arena, "shutdown", c -> (int) LibC.SHUTDOWN.invokeExact(c, fd, how));
    }
  }
}
