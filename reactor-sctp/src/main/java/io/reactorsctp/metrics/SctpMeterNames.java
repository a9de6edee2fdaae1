package io.reactorsctp.metrics;

/**
 * Every meter name and tag key of {@link SctpMetrics}, in one place (docs/metrics.md describes each
 * meter). Names carry no unit: the unit is the meter's base unit, which Prometheus appends once
 * ({@link #PAYLOAD_SENT} with base unit bytes is {@code sctp_payload_sent_bytes_total}), as
 * reactor-netty names its meters. Every name and every tag key starts with {@code sctp.}.
 */
public final class SctpMeterNames {
  /** {@value}: messages handed to the kernel. */
  public static final String SENT = "sctp.sent";

  /** {@value}: complete messages received. */
  public static final String RECEIVED = "sctp.received";

  /** {@value}: payload bytes handed to the kernel. */
  public static final String PAYLOAD_SENT = "sctp.payload.sent";

  /** {@value}: payload bytes of complete messages received. */
  public static final String PAYLOAD_RECEIVED = "sctp.payload.received";

  /** {@value}: messages the channel failed to hand to the kernel, by tag sctp.error. */
  public static final String SEND_FAILED = "sctp.send.failed";

  /** {@value}: notifications the kernel reported, by tag sctp.notification.type. */
  public static final String NOTIFICATIONS = "sctp.notifications";

  /**
   * {@value}: peer address changes the kernel reported (ADDED and REMOVED by the peer's dynamic
   * addresses, RFC 5061; MADE_PRIMARY; path state changes), by tag sctp.address.change.
   */
  public static final String PEER_ADDRESS_CHANGES = "sctp.peer.address.changes";

  /** {@value}: messages handed to the kernel per stream (per-stream meters only). */
  public static final String STREAM_SENT = "sctp.stream.sent";

  /** {@value}: messages received per stream (per-stream meters only). */
  public static final String STREAM_RECEIVED = "sctp.stream.received";

  /** {@value}: payload bytes handed to the kernel per stream (per-stream meters only). */
  public static final String STREAM_PAYLOAD_SENT = "sctp.stream.payload.sent";

  /** {@value}: payload bytes received per stream (per-stream meters only). */
  public static final String STREAM_PAYLOAD_RECEIVED = "sctp.stream.payload.received";

  /** {@value}: messages the kernel refused with EAGAIN (socket-wide). */
  public static final String EAGAIN = "sctp.eagain";

  /** {@value}: episodes of an unwritable channel (socket-wide timer). */
  public static final String UNWRITABLE = "sctp.unwritable";

  /** {@value}: messages queued in the channel, not yet taken by the kernel (socket-wide). */
  public static final String OUTBOUND_PENDING = "sctp.outbound.pending";

  /** {@value}: bytes queued in the channel, not yet taken by the kernel (socket-wide). */
  public static final String OUTBOUND_PENDING_PAYLOAD = "sctp.outbound.pending.payload";

  /** {@value}: SCTP_STATUS state. */
  public static final String ASSOCIATION_STATE = "sctp.association.state";

  /** {@value}: the peer's receive window. */
  public static final String RWND = "sctp.rwnd";

  /** {@value}: DATA chunks sent and not yet acknowledged. */
  public static final String UNACKED = "sctp.unacked";

  /** {@value}: DATA chunks in the kernel waiting to be sent. */
  public static final String PENDING = "sctp.pending";

  /** {@value}: negotiated inbound streams. */
  public static final String NEGOTIATED_INBOUND = "sctp.negotiated.inbound";

  /** {@value}: negotiated outbound streams. */
  public static final String NEGOTIATED_OUTBOUND = "sctp.negotiated.outbound";

  /** {@value}: largest user data in one DATA chunk. */
  public static final String FRAGMENTATION_POINT = "sctp.fragmentation.point";

  /** {@value}: smoothed round-trip time of the primary path. */
  public static final String SRTT = "sctp.srtt";

  /** {@value}: retransmission timeout of the primary path. */
  public static final String RTO = "sctp.rto";

  /** {@value}: congestion window of the primary path. */
  public static final String CWND = "sctp.cwnd";

  /** {@value}: MTU of the primary path. */
  public static final String MTU = "sctp.mtu";

  /** {@value}: chunks retransmitted. */
  public static final String RETRANSMITTED = "sctp.retransmitted";

  /** {@value}: gap acknowledgement blocks received. */
  public static final String GAP_ACKS_RECEIVED = "sctp.gap.acks.received";

  /** {@value}: DATA chunks received with a TSN beyond the next expected one. */
  public static final String OUT_OF_ORDER_RECEIVED = "sctp.out.of.order.received";

  /** {@value}: duplicate DATA chunks received. */
  public static final String DUPLICATE_RECEIVED = "sctp.duplicate.received";

  /** {@value}: control chunks sent. */
  public static final String CONTROL_SENT = "sctp.control.sent";

  /** {@value}: control chunks received. */
  public static final String CONTROL_RECEIVED = "sctp.control.received";

  /** {@value}: DATA chunks sent, by tag sctp.delivery. */
  public static final String DATA_SENT = "sctp.data.sent";

  /** {@value}: DATA chunks received, by tag sctp.delivery. */
  public static final String DATA_RECEIVED = "sctp.data.received";

  /** {@value}: SCTP packets sent. */
  public static final String NETWORK_SENT = "sctp.network.sent";

  /** {@value}: SCTP packets received. */
  public static final String NETWORK_RECEIVED = "sctp.network.received";

  /** {@value}: SACK chunks sent. */
  public static final String SACKS_SENT = "sctp.sacks.sent";

  /** {@value}: SACK chunks received. */
  public static final String SACKS_RECEIVED = "sctp.sacks.received";

  /** {@value}: largest RTO of the last poll interval. */
  public static final String RTO_MAX_OBSERVED = "sctp.rto.max.observed";

  /** {@value}: PR-SCTP messages abandoned, by tag sctp.pr.stage. */
  public static final String PR_ABANDONED = "sctp.pr.abandoned";

  /** {@value}: state of one peer address. */
  public static final String PATH_STATE = "sctp.path.state";

  /** {@value}: smoothed round-trip time of one path. */
  public static final String PATH_SRTT = "sctp.path.srtt";

  /** {@value}: retransmission timeout of one path. */
  public static final String PATH_RTO = "sctp.path.rto";

  /** {@value}: congestion window of one path. */
  public static final String PATH_CWND = "sctp.path.cwnd";

  /** {@value}: MTU of one path. */
  public static final String PATH_MTU = "sctp.path.mtu";

  /**
   * {@value}: the association set-up observation (a timer with the default observation registry).
   */
  public static final String ASSOCIATION_SETUP = "sctp.association.setup";

  /** {@value}: associations of the network namespace now established. */
  public static final String HOST_ESTABLISHED = "sctp.host.established";

  /** {@value}: associations the namespace set up, by tag sctp.setup. */
  public static final String HOST_OPENED = "sctp.host.opened";

  /** {@value}: associations of the namespace that ended, by tag sctp.end. */
  public static final String HOST_ENDED = "sctp.host.ended";

  /** {@value}: packets received for no association. */
  public static final String HOST_OUT_OF_BLUE = "sctp.host.out.of.blue";

  /** {@value}: packets received with a wrong checksum. */
  public static final String HOST_CHECKSUM_ERRORS = "sctp.host.checksum.errors";

  /** {@value}: control chunks the namespace sent. */
  public static final String HOST_CONTROL_SENT = "sctp.host.control.sent";

  /** {@value}: control chunks the namespace received. */
  public static final String HOST_CONTROL_RECEIVED = "sctp.host.control.received";

  /** {@value}: DATA chunks the namespace sent, by tag sctp.delivery. */
  public static final String HOST_DATA_SENT = "sctp.host.data.sent";

  /** {@value}: DATA chunks the namespace received, by tag sctp.delivery. */
  public static final String HOST_DATA_RECEIVED = "sctp.host.data.received";

  /** {@value}: DATA chunks received and dropped. */
  public static final String HOST_DATA_DISCARDED = "sctp.host.data.discarded";

  /** {@value}: user messages sent in several DATA chunks. */
  public static final String HOST_FRAGMENTED = "sctp.host.fragmented";

  /** {@value}: user messages received in several DATA chunks. */
  public static final String HOST_REASSEMBLED = "sctp.host.reassembled";

  /** {@value}: SCTP packets the namespace sent. */
  public static final String HOST_NETWORK_SENT = "sctp.host.network.sent";

  /** {@value}: SCTP packets the namespace received. */
  public static final String HOST_NETWORK_RECEIVED = "sctp.host.network.received";

  /** {@value}: SCTP packets received and dropped. */
  public static final String HOST_NETWORK_DISCARDED = "sctp.host.network.discarded";

  /** {@value}: timer expirations, by tag sctp.timer. */
  public static final String HOST_TIMER_EXPIRATIONS = "sctp.host.timer.expirations";

  /** {@value}: retransmission rounds, by tag sctp.retransmission. */
  public static final String HOST_RETRANSMISSIONS = "sctp.host.retransmissions";

  /** Tag key {@value}: the binder's endpoint name. */
  public static final String TAG_ENDPOINT = "sctp.endpoint";

  /** Tag key {@value}: the kernel's association id, or none. */
  public static final String TAG_ASSOCIATION_ID = "sctp.association.id";

  /** Tag key {@value}: the peer as the PeerTag policy gives it, or none. */
  public static final String TAG_PEER = "sctp.peer";

  /** Tag key {@value}: stream number of the per-stream meters. */
  public static final String TAG_STREAM = "sctp.stream";

  /** Tag key {@value}: why a send or a set-up failed: errno name or exception class. */
  public static final String TAG_ERROR = "sctp.error";

  /** Tag key {@value}: a notification's type. */
  public static final String TAG_NOTIFICATION_TYPE = "sctp.notification.type";

  /** Tag key {@value}: what became of a peer address (added, removed, made_primary...). */
  public static final String TAG_ADDRESS_CHANGE = "sctp.address.change";

  /** Tag key {@value}: ordered or unordered DATA chunks. */
  public static final String TAG_DELIVERY = "sctp.delivery";

  /**
   * Tag key {@value}: whether a PR-SCTP message was abandoned before or after its first
   * transmission.
   */
  public static final String TAG_PR_STAGE = "sctp.pr.stage";

  /** Tag key {@value}: a path's peer address. */
  public static final String TAG_PATH = "sctp.path";

  /** Tag key {@value}: connect or accept. */
  public static final String TAG_SETUP = "sctp.setup";

  /** Tag key {@value}: success or error of a set-up. */
  public static final String TAG_OUTCOME = "sctp.outcome";

  /** Tag key {@value}: abort or shutdown. */
  public static final String TAG_END = "sctp.end";

  /** Tag key {@value}: which SCTP timer expired. */
  public static final String TAG_TIMER = "sctp.timer";

  /** Tag key {@value}: why a retransmission round happened. */
  public static final String TAG_RETRANSMISSION = "sctp.retransmission";

  // Base units Micrometer's BaseUnits lacks (it has bytes, messages, events).
  static final String UNIT_SECONDS = "seconds";
  static final String UNIT_CHUNKS = "chunks";
  static final String UNIT_PACKETS = "packets";
  static final String UNIT_STREAMS = "streams";
  static final String UNIT_BLOCKS = "blocks";
  static final String UNIT_ASSOCIATIONS = "associations";

  private SctpMeterNames() {}
}
