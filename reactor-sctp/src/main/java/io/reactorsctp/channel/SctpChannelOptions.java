package io.reactorsctp.channel;

import io.netty.channel.ChannelOption;
import java.util.List;

/**
 * reactor-sctp's own channel options, beside Netty's {@link
 * io.netty.channel.sctp.SctpChannelOption} ({@code SCTP_NODELAY}, {@code SCTP_INIT_MAXSTREAMS},
 * {@code SCTP_FRAGMENT_INTERLEAVE}) and {@link ChannelOption#SO_SNDBUF}/{@link
 * ChannelOption#SO_RCVBUF}, which the channels honour too.
 */
public final class SctpChannelOptions {

  /**
   * Largest received message, in bytes, reassembled from pieces read without {@code MSG_EOR}; a
   * larger one fails with {@link SctpMessageTooLargeException}. Default 4 MiB.
   */
  public static final ChannelOption<Integer> MAX_MESSAGE_SIZE =
      ChannelOption.valueOf("SCTP_MAX_MESSAGE_SIZE");

  /**
   * Enables PR-SCTP ({@code SCTP_PR_SUPPORTED}, RFC 3758) on the socket before the association is
   * set up. On by default, so TTL, RTX and PRIO messages are abandoned on the wire with
   * FORWARD-TSN.
   */
  public static final ChannelOption<Boolean> SCTP_PR_SUPPORTED =
      ChannelOption.valueOf("SCTP_PR_SUPPORTED");

  /**
   * Subscribes to {@link SctpNotification.SenderDry} ({@code SCTP_SENDER_DRY_EVENT}): the kernel
   * tells when it holds no more user data to send or retransmit. Off by default; reads back the
   * kernel's subscription.
   */
  public static final ChannelOption<Boolean> SCTP_SENDER_DRY_EVENT =
      ChannelOption.valueOf("SCTP_SENDER_DRY_EVENT");

  /**
   * Delayed SACK time in milliseconds ({@code SCTP_DELAYED_SACK}, {@code sack_delay}), at most 500;
   * 0 disables delay (a SACK for every packet: {@code sack_freq} 1, as Linux ignores a delay of 0
   * alone).
   */
  public static final ChannelOption<Integer> SCTP_DELAYED_SACK_TIME =
      ChannelOption.valueOf("SCTP_DELAYED_SACK_TIME");

  /**
   * Largest DATA chunk the association makes ({@code SCTP_MAXSEG}); 0 leaves it to the path MTU.
   */
  public static final ChannelOption<Integer> SCTP_MAXSEG = ChannelOption.valueOf("SCTP_MAXSEG");

  /** Partial delivery point in bytes ({@code SCTP_PARTIAL_DELIVERY_POINT}). */
  public static final ChannelOption<Integer> SCTP_PARTIAL_DELIVERY_POINT =
      ChannelOption.valueOf("SCTP_PARTIAL_DELIVERY_POINT");

  /** Initial, minimum and maximum retransmission timeout in milliseconds ({@code SCTP_RTOINFO}). */
  public static final ChannelOption<SctpRtoInfo> SCTP_RTOINFO =
      ChannelOption.valueOf("SCTP_RTOINFO");

  /**
   * Outbound streams, max inbound streams, INIT attempts and INIT timeout ({@code SCTP_INITMSG}).
   */
  public static final ChannelOption<SctpInitMsg> SCTP_INITMSG =
      ChannelOption.valueOf("SCTP_INITMSG");

  /** Association-wide retransmission limit and cookie lifetime ({@code SCTP_ASSOCINFO}). */
  public static final ChannelOption<SctpAssocParams> SCTP_ASSOCINFO =
      ChannelOption.valueOf("SCTP_ASSOCINFO");

  /**
   * Heartbeat interval, heartbeat on/off and path retransmission limit ({@code
   * SCTP_PEER_ADDR_PARAMS}).
   */
  public static final ChannelOption<SctpPeerAddrParams> SCTP_PEER_ADDR_PARAMS =
      ChannelOption.valueOf("SCTP_PEER_ADDR_PARAMS");

  /**
   * Seconds an association of a one-to-many endpoint may stay idle before the kernel shuts it down
   * gracefully ({@code SCTP_AUTOCLOSE}); 0 (the default) never. One-to-many channels only.
   */
  public static final ChannelOption<Integer> SCTP_AUTOCLOSE =
      ChannelOption.valueOf("SCTP_AUTOCLOSE");

  /**
   * Most associations a server ({@link EpollSctpServerChannel}) or one-to-many endpoint keeps at
   * once; one more is aborted as soon as it is up and reported as {@link
   * SctpAssociationLimitException} through the pipeline. Default: no limit.
   */
  public static final ChannelOption<Integer> MAX_ASSOCIATIONS =
      ChannelOption.valueOf("SCTP_MAX_ASSOCIATIONS");

  /**
   * The Adaptation Layer Indication this endpoint announces in its INIT and INIT-ACK ({@code
   * SCTP_ADAPTATION_LAYER}, RFC 6458 §8.1.10; the parameter 0xC006 of RFC 5061 §4.2.7): a 32-bit
   * value, unsigned, held in an int, that the peer receives as {@link
   * SctpNotification.AdaptationIndication} when its association comes up. Set it before the
   * association is set up (on a server, before it accepts: it is the listening socket's INIT-ACK).
   * Default 0: Linux sends no indication then.
   */
  public static final ChannelOption<Integer> SCTP_ADAPTATION_LAYER =
      ChannelOption.valueOf("SCTP_ADAPTATION_LAYER");

  /**
   * Announces support for stream reconfiguration ({@code SCTP_RECONFIG_SUPPORTED}, RFC 6525: the
   * RE-CONFIG chunk in the INIT's or INIT-ACK's Supported Extensions). Set it before the
   * association is set up, on both ends: RECONFIG is negotiated only when both announce it. Off by
   * default (Linux's {@code net.sctp.reconf_enable}, 0 unless changed); {@link
   * #SCTP_ENABLE_STREAM_RESET} turns it on too. Reads back, on an association, whether RECONFIG was
   * negotiated.
   */
  public static final ChannelOption<Boolean> SCTP_RECONFIG_SUPPORTED =
      ChannelOption.valueOf("SCTP_RECONFIG_SUPPORTED");

  /**
   * The stream reconfiguration requests (RFC 6525) this end sends and accepts ({@code
   * SCTP_ENABLE_STREAM_RESET}): Linux refuses to send a request not enabled here and denies the
   * peer's. A non-empty set also turns on {@link #SCTP_RECONFIG_SUPPORTED}, so set it before the
   * association is set up (on a server, before it accepts); it then applies to the associations to
   * come and to the current ones. Default: none. Then use {@link EpollSctpChannel#resetStreams},
   * {@link EpollSctpChannel#resetAssociation}, {@link EpollSctpChannel#addStreams} (and their
   * {@link EpollSctpMultiChannel} counterparts).
   */
  public static final ChannelOption<java.util.Set<SctpReconfigRequest>> SCTP_ENABLE_STREAM_RESET =
      ChannelOption.valueOf("SCTP_ENABLE_STREAM_RESET");

  /**
   * SCTP over UDP (RFC 6951, Linux 5.11 and later): the peer's UDP encapsulation port ({@code
   * SCTP_REMOTE_UDP_ENCAPS_PORT}), 0 to send plain SCTP. Set on the end that sets the association
   * up (a client, or a one-to-many endpoint that connects), before it does: every packet to the
   * peer then travels inside UDP, from this host's {@code net.sctp.udp_port} to this port (9899,
   * the IANA port, when the peer is Linux). Both hosts need {@code net.sctp.udp_port} set before
   * their sockets are opened; the answering end needs nothing else, since Linux answers over UDP to
   * the port an association's packets come from. Applies to the associations to come (and to a
   * one-to-one channel's current association). Reads back the port in use: on an association, the
   * one Linux learnt from the peer's last encapsulated packet. Fails with {@link
   * SctpUdpEncapsulationUnavailableException} naming the sysctl when it is 0, or the kernel
   * version. Per association and path: {@link EpollSctpChannel#setUdpEncapsulationPort}, {@link
   * EpollSctpMultiChannel#setUdpEncapsulationPort}.
   */
  public static final ChannelOption<Integer> SCTP_REMOTE_UDP_ENCAPS_PORT =
      ChannelOption.valueOf("SCTP_REMOTE_UDP_ENCAPS_PORT");

  /**
   * Enables SCTP-AUTH (RFC 4895) on this endpoint ({@code SCTP_AUTH_SUPPORTED}, per socket; the
   * host-wide {@code net.sctp.auth_enable} sysctl stays as it is): later INITs and INIT-ACKs carry
   * the RANDOM, CHUNKS and HMAC-ALGO parameters, and {@link SctpNotification.Authentication} is
   * subscribed. Set before the association is set up. Off by default; {@link #SCTP_AUTH_CHUNKS},
   * {@link #SCTP_HMAC_IDENT} and {@link #SCTP_AUTH_KEY} turn it on themselves.
   */
  public static final ChannelOption<Boolean> SCTP_AUTH_SUPPORTED =
      ChannelOption.valueOf("SCTP_AUTH_SUPPORTED");

  /**
   * Chunk types the peer must authenticate ({@code SCTP_AUTH_CHUNK}, once per type), e.g. {@code
   * List.of(0)} for DATA: each is added to the CHUNKS parameter of later INITs and INIT-ACKs, and
   * such a chunk arriving without a valid AUTH chunk before it is discarded by the kernel. Types
   * are added to those set before (Linux cannot remove one); INIT (1), INIT-ACK (2),
   * SHUTDOWN-COMPLETE (14) and AUTH (15) are refused. Reads back this endpoint's list ({@code
   * SCTP_LOCAL_AUTH_CHUNKS}). Enables AUTH.
   */
  public static final ChannelOption<List<Integer>> SCTP_AUTH_CHUNKS =
      ChannelOption.valueOf("SCTP_AUTH_CHUNKS");

  /**
   * The HMACs this endpoint offers, most preferred first ({@code SCTP_HMAC_IDENT}): the peer
   * authenticates with the first it supports. {@link SctpHmacAlgorithm#SHA1} must be among them
   * (RFC 4895 §3.3), so SHA-256 first is {@code List.of(SHA256, SHA1)}. Linux's default: SHA1
   * alone. Enables AUTH.
   */
  public static final ChannelOption<List<SctpHmacAlgorithm>> SCTP_HMAC_IDENT =
      ChannelOption.valueOf("SCTP_HMAC_IDENT");

  /**
   * A shared key set on the endpoint and made its active key ({@code SCTP_AUTH_KEY} then {@code
   * SCTP_AUTH_ACTIVE_KEY}, endpoint-wide): every association set up afterwards starts with it. Set
   * only: the kernel never gives key bytes back, so reading the option gives null. Enables AUTH.
   * Further keys, rotation and deletion go through the channels' key methods.
   */
  public static final ChannelOption<SctpAuthKey> SCTP_AUTH_KEY =
      ChannelOption.valueOf("SCTP_AUTH_KEY");

  /**
   * Enables dynamic addresses (ASCONF, RFC 5061) on this endpoint ({@code SCTP_ASCONF_SUPPORTED},
   * per socket; the host-wide {@code net.sctp.addip_enable} sysctl stays as it is): later INITs and
   * INIT-ACKs list ASCONF and ASCONF-ACK among the supported extensions, and ASCONF is negotiated
   * when the peer lists them too. Then adding or removing a local address on a live association
   * ({@code bindAddress}/{@code unbindAddress}) sends the peer an ASCONF, and {@link
   * EpollSctpChannel#setPeerPrimaryAddress} asks it to change its primary path. RFC 5061 requires
   * SCTP-AUTH for ASCONF, and Linux refuses an INIT listing ASCONF without AUTH, so turning this on
   * turns {@link #SCTP_AUTH_SUPPORTED} on too (the kernel then has the peer authenticate ASCONF and
   * ASCONF-ACK). Set it before the association is set up, on both ends (on a server, before it
   * accepts). Off by default. Reads back, on an established one-to-one association, whether ASCONF
   * was negotiated.
   */
  public static final ChannelOption<Boolean> SCTP_ASCONF_SUPPORTED =
      ChannelOption.valueOf("SCTP_ASCONF_SUPPORTED");

  /**
   * The stream scheduler of the associations ({@code SCTP_STREAM_SCHEDULER}, RFC 8260 §3): which
   * outbound stream's message goes next when several wait. Applies to the associations to come and
   * to the current ones, and may be changed on an association that is up. Default: {@link
   * SctpStreamScheduler#FCFS}. Per-stream values (priorities) belong to an association: {@link
   * EpollSctpChannel#setStreamSchedulerValue}, {@link
   * EpollSctpMultiChannel#setStreamSchedulerValue}.
   */
  public static final ChannelOption<SctpStreamScheduler> SCTP_STREAM_SCHEDULER =
      ChannelOption.valueOf("SCTP_STREAM_SCHEDULER");

  /**
   * Announces I-DATA ({@code SCTP_INTERLEAVING_SUPPORTED}, RFC 8260 §2.1): messages of different
   * streams are then interleaved fragment by fragment, so a large message no longer holds back the
   * small ones of other streams. Sets {@code SCTP_FRAGMENT_INTERLEAVE} to 2 first, as RFC 8260
   * §4.3.1 requires (so the receiver may get pieces of several streams' messages in turn; the
   * channel gathers each stream's message apart). Set it before the association is set up, on both
   * ends: I-DATA is used only when both announce it. Reads back, on an association, whether it was
   * negotiated. Linux allows it only while the sysctl {@code net.sctp.intl_enable} is 1, else
   * {@link SctpExtensionUnavailableException} naming it. Default: off.
   */
  public static final ChannelOption<Boolean> SCTP_INTERLEAVING_SUPPORTED =
      ChannelOption.valueOf("SCTP_INTERLEAVING_SUPPORTED");

  private SctpChannelOptions() {}
}
