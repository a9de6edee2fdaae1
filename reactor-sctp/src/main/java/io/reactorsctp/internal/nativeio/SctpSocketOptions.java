package io.reactorsctp.internal.nativeio;

import static io.reactorsctp.internal.nativeio.SctpConstants.*;
import static io.reactorsctp.internal.nativeio.SctpStructs.offset;

import io.reactorsctp.SctpNativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The SCTP socket options of an {@link SctpSocket} that take a kernel struct: each written and read
 * through its {@link SctpStructs} layout, each read returning a record of {@link SctpOptionValues}.
 * Internal: not part of reactor-sctp's API.
 */
abstract sealed class SctpSocketOptions extends SctpFileDescriptor permits SctpAuthOptions {

  SctpSocketOptions(int fd, boolean ipv6) {
    super(fd, ipv6);
  }

  /**
   * Subscribes to, or unsubscribes from, one notification type ({@code SCTP_EVENT}, RFC 6458
   * §6.2.2).
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
      // On a one-to-many socket id 0 would reach only the associations to come; a one-to-one
      // socket's own
      // association is found whatever the id.
      e.set(ValueLayout.JAVA_INT, offset(SctpStructs.SCTP_EVENT, "se_assoc_id"), SCTP_ALL_ASSOC);
      setOption(
          arena,
          SOL_SCTP,
          SCTP_EVENT,
          e,
          "setsockopt(SCTP_EVENT, 0x" + Integer.toHexString(type) + ")");
    }
  }

  /**
   * Reads whether one notification type is subscribed ({@code getsockopt(SCTP_EVENT)}, RFC 6458
   * §6.2.2): of the association on a one-to-one socket, of future associations on a one-to-many
   * socket.
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
      getOption(
          arena,
          SOL_SCTP,
          SCTP_EVENT,
          e,
          "getsockopt(SCTP_EVENT, 0x" + Integer.toHexString(type) + ")");
      return e.get(ValueLayout.JAVA_BYTE, offset(l, "se_on")) != 0;
    }
  }

  /**
   * Closing after {@code setLinger(0)} aborts the association (ABORT chunk) instead of shutting it
   * down.
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
   * Association status ({@code SCTP_STATUS}, RFC 6458 §8.2.1).
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @return the status
   * @throws SctpNativeException when the kernel refuses (e.g. no association yet)
   */
  public SctpOptionValues.Status status(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_STATUS;
    return getStruct(
        l,
        SCTP_STATUS,
        "getsockopt(SCTP_STATUS)",
        s -> s.set(ValueLayout.JAVA_INT, offset(l, "sstat_assoc_id"), assocId),
        SctpOptionValues.Status::read);
  }

  /**
   * Association statistics ({@code SCTP_GET_ASSOC_STATS}). Reading them starts a new observation
   * period for the maximum observed RTO: the kernel resets it to RTO.Min.
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @return the statistics
   * @throws SctpNativeException when the kernel refuses (e.g. no association)
   */
  public SctpOptionValues.AssocStats assocStats(int assocId) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ASSOC_STATS;
    return getStruct(
        l,
        SCTP_GET_ASSOC_STATS,
        "getsockopt(SCTP_GET_ASSOC_STATS)",
        s -> s.set(ValueLayout.JAVA_INT, offset(l, "sas_assoc_id"), assocId),
        SctpOptionValues.AssocStats::read);
  }

  /**
   * One path of an association ({@code SCTP_GET_PEER_ADDR_INFO}). On a one-to-many socket with
   * {@code assocId} 0 the kernel finds the association by the address and reports its id.
   *
   * @param assocId the association (0: the one that has this peer address)
   * @param peerAddress one of the association's peer addresses
   * @return the path
   * @throws SctpNativeException when the kernel refuses (EINVAL: no such association or address)
   */
  public SctpOptionValues.PeerAddrInfo peerAddrInfo(int assocId, InetSocketAddress peerAddress)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_PADDRINFO;
    String what = "getsockopt(SCTP_GET_PEER_ADDR_INFO, " + peerAddress + ")";
    return getStruct(
        l,
        SCTP_GET_PEER_ADDR_INFO,
        what,
        s -> {
          s.set(ValueLayout.JAVA_INT, offset(l, "spinfo_assoc_id"), assocId);
          SockAddrs.write(peerAddress, s.asSlice(offset(l, "spinfo_address")), ipv6);
        },
        SctpOptionValues.PeerAddrInfo::read);
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
    return getStruct(
        SctpStructs.SCTP_INITMSG,
        SCTP_INITMSG,
        "getsockopt(SCTP_INITMSG)",
        s -> {},
        SctpOptionValues.InitMsg::read);
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
    return getStruct(
        SctpStructs.SCTP_RTOINFO,
        SCTP_RTOINFO,
        "getsockopt(SCTP_RTOINFO)",
        s -> {},
        SctpOptionValues.RtoInfo::read);
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
      setOption(
          arena,
          SOL_SCTP,
          option,
          s,
          "setsockopt(" + optionName(SOL_SCTP, option) + ", " + value + ")");
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
  public void setAssocParams(int maxRetransmissions, int cookieLifeMillis)
      throws SctpNativeException {
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
    return getStruct(
        SctpStructs.SCTP_ASSOCPARAMS,
        SCTP_ASSOCINFO,
        "getsockopt(SCTP_ASSOCINFO)",
        s -> {},
        SctpOptionValues.AssocParams::read);
  }

  /**
   * Sets the default peer address parameters of the socket or association ({@code
   * SCTP_PEER_ADDR_PARAMS} with a wildcard address).
   *
   * @param heartbeatIntervalMillis heartbeat interval (0 keeps it)
   * @param heartbeatEnabled heartbeats on or off
   * @param pathMaxRetransmissions retransmissions before a path is considered unreachable (0 keeps
   *     it)
   * @throws SctpNativeException when the kernel refuses
   */
  public void setPeerAddrParams(
      int heartbeatIntervalMillis, boolean heartbeatEnabled, int pathMaxRetransmissions)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_PADDRPARAMS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, offset(l, "spp_hbinterval"), heartbeatIntervalMillis);
      s.set(
          ValueLayout.JAVA_SHORT_UNALIGNED,
          offset(l, "spp_pathmaxrxt"),
          (short) pathMaxRetransmissions);
      s.set(
          ValueLayout.JAVA_INT_UNALIGNED,
          offset(l, "spp_flags"),
          heartbeatEnabled ? SPP_HB_ENABLE : SPP_HB_DISABLE);
      setOption(arena, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, s, "setsockopt(SCTP_PEER_ADDR_PARAMS)");
    }
  }

  /**
   * @return the default {@code SCTP_PEER_ADDR_PARAMS} of the socket or association
   * @throws SctpNativeException when the kernel refuses
   */
  public SctpOptionValues.PeerAddrParams peerAddrParams() throws SctpNativeException {
    return getStruct(
        SctpStructs.SCTP_PADDRPARAMS,
        SCTP_PEER_ADDR_PARAMS,
        "getsockopt(SCTP_PEER_ADDR_PARAMS)",
        s -> {},
        SctpOptionValues.PeerAddrParams::read);
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
    return getStruct(
        l,
        SCTP_PR_ASSOC_STATUS,
        "getsockopt(SCTP_PR_ASSOC_STATUS)",
        s -> {
          s.set(ValueLayout.JAVA_INT, offset(l, "sprstat_assoc_id"), assocId);
          s.set(ValueLayout.JAVA_SHORT, offset(l, "sprstat_policy"), (short) SCTP_PR_SCTP_ALL);
        },
        SctpOptionValues.PrStatus::read);
  }

  /**
   * Sets the Adaptation Layer Indication this endpoint puts in every later INIT and INIT-ACK
   * ({@code SCTP_ADAPTATION_LAYER}, {@code struct sctp_setadaptation}, RFC 6458 §8.1.10; RFC 5061
   * §4.2.7). Linux sends the parameter only when the value is not 0.
   *
   * @param indication the 32-bit indication, unsigned, held in an int
   * @throws SctpNativeException when the kernel refuses
   */
  public void setAdaptationLayer(int indication) throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(SctpStructs.SCTP_SETADAPTATION);
      v.set(
          ValueLayout.JAVA_INT,
          offset(SctpStructs.SCTP_SETADAPTATION, "ssb_adaptation_ind"),
          indication);
      setOption(
          arena,
          SOL_SCTP,
          SCTP_ADAPTATION_LAYER,
          v,
          "setsockopt(SCTP_ADAPTATION_LAYER, 0x" + Integer.toHexString(indication) + ")");
    }
  }

  /**
   * @return this endpoint's Adaptation Layer Indication ({@code SCTP_ADAPTATION_LAYER}), 0 when
   *     none is sent
   * @throws SctpNativeException when the kernel refuses
   */
  public int adaptationLayer() throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(SctpStructs.SCTP_SETADAPTATION);
      getOption(arena, SOL_SCTP, SCTP_ADAPTATION_LAYER, v, "getsockopt(SCTP_ADAPTATION_LAYER)");
      return v.get(
          ValueLayout.JAVA_INT, offset(SctpStructs.SCTP_SETADAPTATION, "ssb_adaptation_ind"));
    }
  }

  /**
   * Asks the peer to reset streams ({@code SCTP_RESET_STREAMS}, RFC 6525 §6.3.2): the kernel sends
   * a RE-CONFIG chunk and reports the outcome as an {@code SCTP_STREAM_RESET_EVENT}.
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @param flags {@code SCTP_STREAM_RESET_INCOMING} and/or {@code SCTP_STREAM_RESET_OUTGOING}
   * @param streams the streams to reset; empty: all
   * @throws SctpNativeException when the kernel refuses: ENOPROTOOPT (the peer did not announce
   *     RECONFIG, or this end did not enable the request), EINPROGRESS (a request is outstanding),
   *     EAGAIN (the streams still have data queued), EINVAL (a stream beyond the count)
   */
  public void resetStreams(int assocId, int flags, int[] streams) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_RESET_STREAMS;
    try (Arena arena = Arena.ofConfined()) {
      long list = offset(l, "srs_stream_list");
      MemorySegment s = arena.allocate(list + 2L * streams.length, l.byteAlignment());
      s.set(ValueLayout.JAVA_INT, offset(l, "srs_assoc_id"), assocId);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "srs_flags"), (short) flags);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "srs_number_streams"), (short) streams.length);
      for (int i = 0; i < streams.length; i++) {
        s.set(ValueLayout.JAVA_SHORT, list + 2L * i, (short) streams[i]);
      }
      setOption(arena, SOL_SCTP, SCTP_RESET_STREAMS, s, "setsockopt(SCTP_RESET_STREAMS)");
    }
  }

  /**
   * Asks the peer to reset the association's TSNs and every stream ({@code SCTP_RESET_ASSOC}, RFC
   * 6525 §6.3.3); the outcome comes as an {@code SCTP_ASSOC_RESET_EVENT}.
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @throws SctpNativeException when the kernel refuses (ENOPROTOOPT, EINPROGRESS, EAGAIN: data
   *     still queued)
   */
  public void resetAssociation(int assocId) throws SctpNativeException {
    setInt(SOL_SCTP, SCTP_RESET_ASSOC, assocId);
  }

  /**
   * Asks the peer to add streams ({@code SCTP_ADD_STREAMS}, RFC 6525 §6.3.4); the outcome comes as
   * an {@code SCTP_STREAM_CHANGE_EVENT}.
   *
   * @param assocId the association (ignored on one-to-one sockets)
   * @param inbound inbound streams to add
   * @param outbound outbound streams to add
   * @throws SctpNativeException when the kernel refuses (ENOPROTOOPT, EINPROGRESS, EINVAL: none
   *     asked or beyond 65535 streams)
   */
  public void addStreams(int assocId, int inbound, int outbound) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_ADD_STREAMS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sas_assoc_id"), assocId);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sas_instrms"), (short) inbound);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "sas_outstrms"), (short) outbound);
      setOption(
          arena,
          SOL_SCTP,
          SCTP_ADD_STREAMS,
          s,
          "setsockopt(SCTP_ADD_STREAMS, in " + inbound + ", out " + outbound + ")");
    }
  }

  /**
   * Sets the peer's UDP encapsulation port ({@code SCTP_REMOTE_UDP_ENCAPS_PORT}, RFC 6951, Linux
   * 5.11 and later): packets to the peer then travel as SCTP inside UDP to that port, from the
   * host's {@code net.sctp.udp_port} (the value it had when this socket was opened; 0 there and
   * they stay plain SCTP).
   *
   * @param assocId the association, or {@code SCTP_FUTURE_ASSOC} for the associations to come
   *     (ignored on one-to-one sockets: the association, or the one to come)
   * @param peerAddress one path of the association, or null for the whole association
   * @param port the peer's UDP port; 0: no encapsulation
   * @throws SctpNativeException when the kernel refuses: EINVAL (no such association or path),
   *     ENOPROTOOPT (a kernel before 5.11)
   */
  public void setUdpEncapsPort(int assocId, InetSocketAddress peerAddress, int port)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_UDPENCAPS;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "sue_assoc_id"), assocId);
      if (peerAddress != null) {
        SockAddrs.write(peerAddress, s.asSlice(offset(l, "sue_address")), ipv6);
      }
      s.set(SctpStructs.NET_U16, offset(l, "sue_port"), (short) port);
      setOption(
          arena,
          SOL_SCTP,
          SCTP_REMOTE_UDP_ENCAPS_PORT,
          s,
          "setsockopt(SCTP_REMOTE_UDP_ENCAPS_PORT, "
              + (peerAddress == null ? "" : peerAddress + ", ")
              + port
              + ")");
    }
  }

  /**
   * Sets a stream's value for the association's scheduler ({@code SCTP_STREAM_SCHEDULER_VALUE}, RFC
   * 8260 §4.3.3): its priority under the priority scheduler (lower goes first).
   *
   * @param assocId the association ({@code SCTP_CURRENT_ASSOC}: every current one; ignored on
   *     one-to-one sockets)
   * @param stream the outbound stream
   * @param value the value (0..65535)
   * @throws SctpNativeException when the kernel refuses: EINVAL (a stream beyond the association's
   *     outbound count, or no such association)
   */
  public void setStreamSchedulerValue(int assocId, int stream, int value)
      throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_STREAM_VALUE;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(l);
      s.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "stream_id"), (short) stream);
      s.set(ValueLayout.JAVA_SHORT, offset(l, "stream_value"), (short) value);
      setOption(
          arena,
          SOL_SCTP,
          SCTP_STREAM_SCHEDULER_VALUE,
          s,
          "setsockopt(SCTP_STREAM_SCHEDULER_VALUE, stream " + stream + ", " + value + ")");
    }
  }

  /**
   * The peer's UDP encapsulation port ({@code SCTP_REMOTE_UDP_ENCAPS_PORT}): the one set, or, on an
   * association, the one Linux learnt from the peer's last UDP-encapsulated packet (RFC 6951 §5.4).
   *
   * @param assocId the association, or {@code SCTP_FUTURE_ASSOC} for the socket's default
   * @param peerAddress one path of the association, or null for the association
   * @return the port, 0 when packets are not encapsulated
   * @throws SctpNativeException when the kernel refuses (EINVAL: no such association or path)
   */
  public int udpEncapsPort(int assocId, InetSocketAddress peerAddress) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_UDPENCAPS;
    return getStruct(
        l,
        SCTP_REMOTE_UDP_ENCAPS_PORT,
        "getsockopt(SCTP_REMOTE_UDP_ENCAPS_PORT"
            + (peerAddress == null ? "" : ", " + peerAddress)
            + ")",
        s -> {
          s.set(ValueLayout.JAVA_INT, offset(l, "sue_assoc_id"), assocId);
          if (peerAddress != null) {
            SockAddrs.write(peerAddress, s.asSlice(offset(l, "sue_address")), ipv6);
          }
        },
        s -> Short.toUnsignedInt(s.get(SctpStructs.NET_U16, offset(l, "sue_port"))));
  }

  /**
   * @param assocId the association (ignored on one-to-one sockets)
   * @param stream the outbound stream
   * @return the stream's value for the association's scheduler (0..65535)
   * @throws SctpNativeException when the kernel refuses: EINVAL (no association, or a stream beyond
   *     its outbound count)
   */
  public int streamSchedulerValue(int assocId, int stream) throws SctpNativeException {
    StructLayout l = SctpStructs.SCTP_STREAM_VALUE;
    return getStruct(
        l,
        SCTP_STREAM_SCHEDULER_VALUE,
        "getsockopt(SCTP_STREAM_SCHEDULER_VALUE, stream " + stream + ")",
        s -> {
          s.set(ValueLayout.JAVA_INT, offset(l, "assoc_id"), assocId);
          s.set(ValueLayout.JAVA_SHORT, offset(l, "stream_id"), (short) stream);
        },
        s -> Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, offset(l, "stream_value"))));
  }

  /**
   * One {@code getsockopt} of a struct-valued SCTP option: {@code request} fills in what the kernel
   * must know (the association, a policy, an address), {@code reply} reads the answer into its
   * record.
   */
  private <T> T getStruct(
      StructLayout layout,
      int option,
      String what,
      Consumer<MemorySegment> request,
      Function<MemorySegment, T> reply)
      throws SctpNativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(layout);
      request.accept(s);
      getOption(arena, SOL_SCTP, option, s, what);
      return reply.apply(s);
    }
  }
}
