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
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One kernel SCTP socket, non-blocking and close-on-exec, with its calls typed. Calls off the data path throw
 * {@link SctpNativeException}; the data path ({@link SendMsg}, {@link RecvMsg}) returns negative errno values.
 * Internal: not part of reactor-sctp's API.
 */
public final class SctpSocket {
  /** Room for the address lists of {@code SCTP_GET_*_ADDRS}: 8-byte header and up to 146 IPv6 addresses. */
  private static final long ADDRESS_LIST_BYTES = 4096;

  private final int fd;
  private final boolean ipv6;
  private final AtomicBoolean open = new AtomicBoolean(true);

  private SctpSocket(int fd, boolean ipv6) {
    this.fd = fd;
    this.ipv6 = ipv6;
  }

  /**
   * Opens a one-to-one style socket ({@code SOCK_STREAM}).
   *
   * @param ipv6 AF_INET6 (which also reaches IPv4 peers through mapped addresses) rather than AF_INET
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
    String what = "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", "
        + (type == SOCK_STREAM ? "SOCK_STREAM" : "SOCK_SEQPACKET") + ", IPPROTO_SCTP)";
    try (Arena arena = Arena.ofConfined()) {
      int fd = call(arena, what, c -> (int) LibC.SOCKET.invokeExact(c, ipv6 ? AF_INET6 : AF_INET,
          type | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP));
      return new SctpSocket(fd, ipv6);
    }
  }

  /** One downcall returning an int, given the segment that captures its errno. */
  @FunctionalInterface
  private interface IntCall {
    int invoke(MemorySegment capture) throws Throwable;
  }

  /** {@return the call's result, or its negative errno when it failed} */
  private static int callOrErrno(Arena arena, IntCall call) {
    MemorySegment capture = LibC.newCapture(arena);
    int rc;
    try {
      rc = call.invoke(capture);
    } catch (Throwable t) {
      throw new IllegalStateException("downcall failed to run", t); // linkage errors only: syscalls set errno
    }
    return rc < 0 ? -LibC.errno(capture) : rc;
  }

  /** {@return the call's result; a failure becomes an exception naming {@code what} and the errno} */
  private static int call(Arena arena, String what, IntCall call) throws SctpNativeException {
    int rc = callOrErrno(arena, call);
    if (rc < 0) {
      throw SctpNativeException.of(what, -rc);
    }
    return rc;
  }

  /** {@return the file descriptor number} */
  public int fd() {
    return fd;
  }

  /** {@return whether the socket is AF_INET6} */
  public boolean isIpv6() {
    return ipv6;
  }

  /** {@return whether {@link #close()} has not been called} */
  public boolean isOpen() {
    return open.get();
  }

  /** Closes the descriptor once; later calls do nothing. */
  public void close() {
    if (open.compareAndSet(true, false)) {
      try (Arena arena = Arena.ofConfined()) {
        callOrErrno(arena, c -> (int) LibC.CLOSE.invokeExact(c, fd)); // the descriptor is gone whatever close says
      }
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
      int child = callOrErrno(arena, c -> (int) LibC.ACCEPT4.invokeExact(c, fd, MemorySegment.NULL,
          MemorySegment.NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
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
   * @return true when already established, false when in progress (wait for EPOLLOUT, then
   *     {@link #finishConnect()})
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
   * Adds local addresses to, or removes them from, the bound socket ({@code sctp_bindx(3)},
   * {@code SCTP_SOCKOPT_BINDX_ADD}/{@code _REM}); at run time too, which sends ASCONF to peers that support it.
   *
   * @param addresses the addresses (one port for all)
   * @param add add or remove
   * @throws SctpNativeException when the kernel refuses
   */
  public void bindx(List<InetSocketAddress> addresses, boolean add) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packed = arena.allocate(SockAddrs.packedSize(addresses.size()));
      int len = SockAddrs.writePacked(addresses, packed);
      setOption(arena, SOL_SCTP, add ? SCTP_SOCKOPT_BINDX_ADD : SCTP_SOCKOPT_BINDX_REM,
          packed.asSlice(0, len), (add ? "bindx add " : "bindx remove ") + addresses);
    }
  }

  /**
   * Starts setting up an association with a multi-homed peer ({@code sctp_connectx(3)},
   * {@code SCTP_SOCKOPT_CONNECTX}).
   *
   * @param addresses the peer's addresses
   * @return true when already established, false when in progress
   * @throws SctpNativeException when the kernel refuses at once
   */
  public boolean connectx(List<InetSocketAddress> addresses) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packed = arena.allocate(SockAddrs.packedSize(addresses.size()));
      int len = SockAddrs.writePacked(addresses, packed);
      int rc = callOrErrno(arena, c -> (int) LibC.SETSOCKOPT.invokeExact(c, fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX,
          packed, len));
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
   * Starts setting up an association on a one-to-many socket and returns its id at once
   * ({@code SCTP_SOCKOPT_CONNECTX3}, which reports the id even while the set-up is in progress).
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
      param.set(ValueLayout.JAVA_INT, offset(l, "addr_num"), len); // for CONNECTX3, the addresses' size in bytes
      param.set(ValueLayout.ADDRESS, offset(l, "addrs"), packed);
      MemorySegment optlen = arena.allocate(ValueLayout.JAVA_INT);
      optlen.set(ValueLayout.JAVA_INT, 0, (int) l.byteSize());
      int rc = callOrErrno(arena, c -> (int) LibC.GETSOCKOPT.invokeExact(c, fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX3,
          param, optlen));
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
      getOption(arena, SOL_SCTP, SCTP_SOCKOPT_PEELOFF_FLAGS, arg, "peeloff(association " + assocId + ")");
      return new SctpSocket(arg.get(ValueLayout.JAVA_INT, offset(l, "p_arg", "sd")), ipv6);
    }
  }

  /**
   * @param peer the peer's addresses rather than the local ones
   * @param assocId the association (ignored on one-to-one sockets)
   * @return every address of the association's local or peer end ({@code SCTP_GET_LOCAL_ADDRS}/{@code _PEER_})
   * @throws SctpNativeException when the kernel refuses (e.g. no association)
   */
  public List<InetSocketAddress> addresses(boolean peer, int assocId) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout l = SctpStructs.SCTP_GETADDRS;
      MemorySegment buf = arena.allocate(ADDRESS_LIST_BYTES, l.byteAlignment());
      buf.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
      getOption(arena, SOL_SCTP, peer ? SCTP_GET_PEER_ADDRS : SCTP_GET_LOCAL_ADDRS, buf,
          peer ? "getsockopt(SCTP_GET_PEER_ADDRS)" : "getsockopt(SCTP_GET_LOCAL_ADDRS)");
      int count = buf.get(ValueLayout.JAVA_INT, offset(l, "addr_num"));
      return SockAddrs.readPacked(buf.asSlice(offset(l, "addrs")), count);
    }
  }

  /**
   * Sets this end's primary path to the peer ({@code SCTP_PRIMARY_ADDR}), or asks the peer to use one of our
   * addresses as its primary ({@code SCTP_SET_PEER_PRIMARY_ADDR}).
   *
   * @param address a peer address (or, for the peer's primary, a local one)
   * @param asPeersPrimary ask the peer instead of setting ours
   * @param assocId the association (ignored on one-to-one sockets)
   * @throws SctpNativeException when the kernel refuses
   */
  public void setPrimary(InetSocketAddress address, boolean asPeersPrimary, int assocId) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      // struct sctp_prim and struct sctp_setpeerprim: the same shape under different names.
      StructLayout l = asPeersPrimary ? SctpStructs.SCTP_SETPEERPRIM : SctpStructs.SCTP_PRIM;
      MemorySegment prim = arena.allocate(l);
      prim.set(ValueLayout.JAVA_INT, offset(l, asPeersPrimary ? "sspp_assoc_id" : "ssp_assoc_id"), assocId);
      SockAddrs.write(address, prim.asSlice(offset(l, asPeersPrimary ? "sspp_addr" : "ssp_addr")),
          address.getAddress() instanceof Inet6Address);
      setOption(arena, SOL_SCTP, asPeersPrimary ? SCTP_SET_PEER_PRIMARY_ADDR : SCTP_PRIMARY_ADDR, prim,
          (asPeersPrimary ? "setsockopt(SCTP_SET_PEER_PRIMARY_ADDR, " : "setsockopt(SCTP_PRIMARY_ADDR, ") + address
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
      int rc = callOrErrno(arena, local ? c -> (int) LibC.GETSOCKNAME.invokeExact(c, fd, sa, len)
          : c -> (int) LibC.GETPEERNAME.invokeExact(c, fd, sa, len));
      return rc == 0 ? SockAddrs.read(sa) : null;
    }
  }

  /**
   * @param level SOL_SOCKET or SOL_SCTP
   * @param option the option
   * @param value the int value
   * @throws SctpNativeException when the kernel refuses
   */
  public void setInt(int level, int option, int value) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
      v.set(ValueLayout.JAVA_INT, 0, value);
      setOption(arena, level, option, v, "setsockopt(" + optionName(level, option) + ", " + value + ")");
    }
  }

  /**
   * @param level SOL_SOCKET or SOL_SCTP
   * @param option the option
   * @return its int value
   * @throws SctpNativeException when the kernel refuses
   */
  public int getInt(int level, int option) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
      getOption(arena, level, option, v, "getsockopt(" + optionName(level, option) + ")");
      return v.get(ValueLayout.JAVA_INT, 0);
    }
  }

  /**
   * Subscribes to, or unsubscribes from, one notification type ({@code SCTP_EVENT}, RFC 6458 §6.2.2).
   *
   * @param type an {@code SCTP_*_EVENT}/{@code SCTP_*_CHANGE} number
   * @param on subscribe or not
   * @throws SctpNativeException when the kernel refuses
   */
  public void subscribe(int type, boolean on) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment e = arena.allocate(SctpStructs.SCTP_EVENT);
      e.set(ValueLayout.JAVA_SHORT, offset(SctpStructs.SCTP_EVENT, "se_type"), (short) type);
      e.set(ValueLayout.JAVA_BYTE, offset(SctpStructs.SCTP_EVENT, "se_on"), (byte) (on ? 1 : 0));
      // On a one-to-many socket id 0 would reach only the associations to come; a one-to-one socket's own
      // association is found whatever the id.
      e.set(ValueLayout.JAVA_INT, offset(SctpStructs.SCTP_EVENT, "se_assoc_id"), SCTP_ALL_ASSOC);
      setOption(arena, SOL_SCTP, SCTP_EVENT, e, "setsockopt(SCTP_EVENT, 0x" + Integer.toHexString(type) + ")");
    }
  }

  /**
   * Closing after {@code setLinger(0)} aborts the association (ABORT chunk) instead of shutting it down.
   *
   * @param seconds linger time; 0 aborts on close
   * @throws SctpNativeException when the kernel refuses
   */
  public void setLinger(int seconds) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment l = arena.allocate(SctpStructs.LINGER);
      l.set(ValueLayout.JAVA_INT, offset(SctpStructs.LINGER, "l_onoff"), 1);
      l.set(ValueLayout.JAVA_INT, offset(SctpStructs.LINGER, "l_linger"), seconds);
      setOption(arena, SOL_SOCKET, SO_LINGER, l, "setsockopt(SO_LINGER, " + seconds + ")");
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

  /**
   * Association status ({@code SCTP_STATUS}, RFC 6458 §8.2.1).
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @return the status
   * @throws SctpNativeException when the kernel refuses (e.g. no association yet)
   */
  public SctpOptionValues.Status status(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_STATUS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sstat_assoc_id"), assocId);
      getOption(arena, SOL_SCTP, SCTP_STATUS, s, "getsockopt(SCTP_STATUS)");
      return SctpOptionValues.Status.read(s);
    }
  }

  /**
   * Association statistics ({@code SCTP_GET_ASSOC_STATS}). Reading them starts a new observation period for the
   * maximum observed RTO: the kernel resets it to RTO.Min.
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @return the statistics
   * @throws SctpNativeException when the kernel refuses (e.g. no association)
   */
  public SctpOptionValues.AssocStats assocStats(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ASSOC_STATS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sas_assoc_id"), assocId);
      getOption(arena, SOL_SCTP, SCTP_GET_ASSOC_STATS, s, "getsockopt(SCTP_GET_ASSOC_STATS)");
      return SctpOptionValues.AssocStats.read(s);
    }
  }

  /**
   * One path of an association ({@code SCTP_GET_PEER_ADDR_INFO}). On a one-to-many socket with {@code assocId} 0
   * the kernel finds the association by the address and reports its id.
   *
   * @param assocId the association (0: the one that has this peer address)
   * @param peerAddress one of the association's peer addresses
   * @return the path
   * @throws SctpNativeException when the kernel refuses (EINVAL: no such association or address)
   */
  public SctpOptionValues.PeerAddrInfo peerAddrInfo(int assocId, InetSocketAddress peerAddress)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_PADDRINFO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "spinfo_assoc_id"), assocId);
      SockAddrs.write(peerAddress, s.asSlice(offset(l, "spinfo_address")), ipv6);
      getOption(arena, SOL_SCTP, SCTP_GET_PEER_ADDR_INFO, s,
          "getsockopt(SCTP_GET_PEER_ADDR_INFO, " + peerAddress + ")");
      return SctpOptionValues.PeerAddrInfo.read(s);
    }
  }

  /**
   * Sets {@code SCTP_INITMSG}; 0 keeps a field's default.
   *
   * @param outStreams requested outbound streams
   * @param maxInStreams accepted inbound streams
   * @param maxAttempts INIT attempts
   * @param maxInitTimeoMillis INIT timeout
   * @throws SctpNativeException when the kernel refuses
   */
  public void setInitMsg(int outStreams, int maxInStreams, int maxAttempts, int maxInitTimeoMillis)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_INITMSG;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sinit_num_ostreams"), (short) outStreams);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sinit_max_instreams"), (short) maxInStreams);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sinit_max_attempts"), (short) maxAttempts);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sinit_max_init_timeo"), (short) maxInitTimeoMillis);
      setOption(arena, SOL_SCTP, SCTP_INITMSG, s, "setsockopt(SCTP_INITMSG)");
    }
  }

  /**
   * @return {@code SCTP_INITMSG}
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.InitMsg initMsg() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(SctpStructs.SCTP_INITMSG);
      getOption(arena, SOL_SCTP, SCTP_INITMSG, s, "getsockopt(SCTP_INITMSG)");
      return SctpOptionValues.InitMsg.read(s);
    }
  }

  /**
   * Sets {@code SCTP_RTOINFO}; 0 keeps a field unchanged.
   *
   * @param initial RTO.Initial, ms
   * @param max RTO.Max, ms
   * @param min RTO.Min, ms
   * @throws SctpNativeException when the kernel refuses
   */
  public void setRtoInfo(int initial, int max, int min) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_RTOINFO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "srto_initial"), initial);
      s.set(ValueLayout.JAVA_INT, offset(l, "srto_max"), max);
      s.set(ValueLayout.JAVA_INT, offset(l, "srto_min"), min);
      setOption(arena, SOL_SCTP, SCTP_RTOINFO, s, "setsockopt(SCTP_RTOINFO)");
    }
  }

  /**
   * @return {@code SCTP_RTOINFO}
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.RtoInfo rtoInfo() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(SctpStructs.SCTP_RTOINFO);
      getOption(arena, SOL_SCTP, SCTP_RTOINFO, s, "getsockopt(SCTP_RTOINFO)");
      return SctpOptionValues.RtoInfo.read(s);
    }
  }

  /**
   * Sets the delayed SACK time ({@code SCTP_DELAYED_SACK}, {@code struct sctp_sack_info}).
   *
   * @param delayMillis SACK delay; 0 with frequency 1 sends every SACK at once
   * @param frequency packets per SACK (0: unchanged)
   * @throws SctpNativeException when the kernel refuses
   */
  public void setDelayedSack(int delayMillis, int frequency) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_SACK_INFO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sack_delay"), delayMillis);
      s.set(ValueLayout.JAVA_INT, offset(l, "sack_freq"), frequency);
      setOption(arena, SOL_SCTP, SCTP_DELAYED_SACK, s, "setsockopt(SCTP_DELAYED_SACK)");
    }
  }

  /**
   * @return the delayed SACK time in ms
   * @throws SctpNativeException when the kernel refuses
   */
  public int delayedSack() throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_SACK_INFO;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      getOption(arena, SOL_SCTP, SCTP_DELAYED_SACK, s, "getsockopt(SCTP_DELAYED_SACK)");
      return s.get(ValueLayout.JAVA_INT, offset(l, "sack_delay"));
    }
  }

  /**
   * Sets an option taking {@code struct sctp_assoc_value} (e.g. SCTP_PR_SUPPORTED, SCTP_MAXSEG).
   *
   * @param option the option
   * @param assocId the association (0: the endpoint's default)
   * @param value the value
   * @throws SctpNativeException when the kernel refuses
   */
  public void setAssocValue(int option, int assocId, int value) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ASSOC_VALUE;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
      s.set(ValueLayout.JAVA_INT, offset(l, "assoc_value"), value);
      setOption(arena, SOL_SCTP, option, s, "setsockopt(" + optionName(SOL_SCTP, option) + ", " + value + ")");
    }
  }

  /**
   * @param option an option taking {@code struct sctp_assoc_value}
   * @param assocId the association (0: the endpoint's default)
   * @return its value
   * @throws SctpNativeException when the kernel refuses
   */
  public int assocValue(int option, int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ASSOC_VALUE;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
      getOption(arena, SOL_SCTP, option, s, "getsockopt(" + optionName(SOL_SCTP, option) + ")");
      return s.get(ValueLayout.JAVA_INT, offset(l, "assoc_value"));
    }
  }

  /**
   * Sets {@code SCTP_ASSOCINFO}; 0 keeps a field unchanged.
   *
   * @param maxRetransmissions association-wide retransmission limit ({@code sasoc_asocmaxrxt})
   * @param cookieLifeMillis cookie lifetime
   * @throws SctpNativeException when the kernel refuses
   */
  public void setAssocParams(int maxRetransmissions, int cookieLifeMillis) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ASSOCPARAMS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sasoc_asocmaxrxt"), (short) maxRetransmissions);
      s.set(ValueLayout.JAVA_INT, offset(l, "sasoc_cookie_life"), cookieLifeMillis);
      setOption(arena, SOL_SCTP, SCTP_ASSOCINFO, s, "setsockopt(SCTP_ASSOCINFO)");
    }
  }

  /**
   * @return {@code SCTP_ASSOCINFO}
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.AssocParams assocParams() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(SctpStructs.SCTP_ASSOCPARAMS);
      getOption(arena, SOL_SCTP, SCTP_ASSOCINFO, s, "getsockopt(SCTP_ASSOCINFO)");
      return SctpOptionValues.AssocParams.read(s);
    }
  }

  /**
   * Sets the default peer address parameters of the socket or association ({@code SCTP_PEER_ADDR_PARAMS} with a
   * wildcard address).
   *
   * @param heartbeatIntervalMillis heartbeat interval (0 keeps it)
   * @param heartbeatEnabled heartbeats on or off
   * @param pathMaxRetransmissions retransmissions before a path is considered unreachable (0 keeps it)
   * @throws SctpNativeException when the kernel refuses
   */
  public void setPeerAddrParams(int heartbeatIntervalMillis, boolean heartbeatEnabled, int pathMaxRetransmissions)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_PADDRPARAMS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, offset(l, "spp_hbinterval"), heartbeatIntervalMillis);
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset(l, "spp_pathmaxrxt"), (short) pathMaxRetransmissions);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, offset(l, "spp_flags"), heartbeatEnabled ? SPP_HB_ENABLE : SPP_HB_DISABLE);
      setOption(arena, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, s, "setsockopt(SCTP_PEER_ADDR_PARAMS)");
    }
  }

  /**
   * @return the default {@code SCTP_PEER_ADDR_PARAMS} of the socket or association
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.PeerAddrParams peerAddrParams() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(SctpStructs.SCTP_PADDRPARAMS);
      getOption(arena, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, s, "getsockopt(SCTP_PEER_ADDR_PARAMS)");
      return SctpOptionValues.PeerAddrParams.read(s);
    }
  }

  /**
   * PR-SCTP abandonment counters of all policies ({@code SCTP_PR_ASSOC_STATUS}, RFC 7496).
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @return the counters
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.PrStatus prStatus(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_PRSTATUS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sprstat_assoc_id"), assocId);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sprstat_policy"), (short) SCTP_PR_SCTP_ALL);
      getOption(arena, SOL_SCTP, SCTP_PR_ASSOC_STATUS, s, "getsockopt(SCTP_PR_ASSOC_STATUS)");
      return SctpOptionValues.PrStatus.read(s);
    }
  }

  private void setOption(Arena arena, int level, int option, MemorySegment value, String what)
      throws SctpNativeException {
    int size = (int) value.byteSize();
    call(arena, what, c -> (int) LibC.SETSOCKOPT.invokeExact(c, fd, level, option, value, size));
  }

  private void getOption(Arena arena, int level, int option, MemorySegment value, String what)
      throws SctpNativeException {
    MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
    len.set(ValueLayout.JAVA_INT, 0, (int) value.byteSize());
    call(arena, what, c -> (int) LibC.GETSOCKOPT.invokeExact(c, fd, level, option, value, len));
  }

  private static String optionName(int level, int option) {
    if (level == SOL_SOCKET) {
      return switch (option) {
        case SO_SNDBUF -> "SO_SNDBUF";
        case SO_RCVBUF -> "SO_RCVBUF";
        case SO_ERROR -> "SO_ERROR";
        case SO_REUSEADDR -> "SO_REUSEADDR";
        case SO_LINGER -> "SO_LINGER";
        default -> "SOL_SOCKET/" + option;
      };
    }
    return switch (option) {
      case SCTP_NODELAY -> "SCTP_NODELAY";
      case SCTP_INITMSG -> "SCTP_INITMSG";
      case SCTP_MAXSEG -> "SCTP_MAXSEG";
      case SCTP_DISABLE_FRAGMENTS -> "SCTP_DISABLE_FRAGMENTS";
      case SCTP_PR_SUPPORTED -> "SCTP_PR_SUPPORTED";
      case SCTP_RECVRCVINFO -> "SCTP_RECVRCVINFO";
      case SCTP_FRAGMENT_INTERLEAVE -> "SCTP_FRAGMENT_INTERLEAVE";
      case SCTP_PARTIAL_DELIVERY_POINT -> "SCTP_PARTIAL_DELIVERY_POINT";
      case SCTP_DELAYED_SACK -> "SCTP_DELAYED_SACK";
      case SCTP_AUTOCLOSE -> "SCTP_AUTOCLOSE";
      default -> "SOL_SCTP/" + option;
    };
  }

  /**
   * Reads whether one notification type is subscribed ({@code getsockopt(SCTP_EVENT)}, RFC 6458 §6.2.2): of the
   * association on a one-to-one socket, of future associations on a one-to-many socket.
   *
   * @param type an {@code SCTP_*_EVENT}/{@code SCTP_*_CHANGE} number
   * @return whether the kernel delivers that notification
   * @throws SctpNativeException when the kernel refuses
   */
  public boolean subscribed(int type) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_EVENT;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment e = arena.allocate(l);
      e.set(ValueLayout.JAVA_SHORT, offset(l, "se_type"), (short) type);
      getOption(arena, SOL_SCTP, SCTP_EVENT, e, "getsockopt(SCTP_EVENT, 0x" + Integer.toHexString(type) + ")");
      return e.get(ValueLayout.JAVA_BYTE, offset(l, "se_on")) != 0;
    }
  }

  /**
   * Sets the Adaptation Layer Indication this endpoint puts in every later INIT and INIT-ACK
   * ({@code SCTP_ADAPTATION_LAYER}, {@code struct sctp_setadaptation}, RFC 6458 §8.1.10; RFC 5061 §4.2.7). Linux
   * sends the parameter only when the value is not 0.
   *
   * @param indication the 32-bit indication, unsigned, held in an int
   * @throws SctpNativeException when the kernel refuses
   */
  public void setAdaptationLayer(int indication) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(SctpStructs.SCTP_SETADAPTATION);
      v.set(ValueLayout.JAVA_INT, offset(SctpStructs.SCTP_SETADAPTATION, "ssb_adaptation_ind"), indication);
      setOption(arena, SOL_SCTP, SCTP_ADAPTATION_LAYER, v,
          "setsockopt(SCTP_ADAPTATION_LAYER, 0x" + Integer.toHexString(indication) + ")");
    }
  }

  /**
   * @return this endpoint's Adaptation Layer Indication ({@code SCTP_ADAPTATION_LAYER}), 0 when none is sent
   * @throws SctpNativeException when the kernel refuses
   */
  public int adaptationLayer() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(SctpStructs.SCTP_SETADAPTATION);
      getOption(arena, SOL_SCTP, SCTP_ADAPTATION_LAYER, v, "getsockopt(SCTP_ADAPTATION_LAYER)");
      return v.get(ValueLayout.JAVA_INT, offset(SctpStructs.SCTP_SETADAPTATION, "ssb_adaptation_ind"));
    }
  }

  @Override
  public String toString() {
    return "SctpSocket(fd=" + fd + (open.get() ? "" : ", closed") + ")";
  }
}
