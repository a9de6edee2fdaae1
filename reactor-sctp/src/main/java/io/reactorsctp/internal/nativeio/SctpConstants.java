package io.reactorsctp.internal.nativeio;

/**
 * Numbers from {@code /usr/include/linux/sctp.h} and {@code <sys/socket.h>} (Linux x86_64), each
 * defined here once ({@code <errno.h>} numbers are in {@link io.reactorsctp.Errno}). Internal: not
 * part of reactor-sctp's API.
 */
public final class SctpConstants {
  // <sys/socket.h>, <netinet/in.h>
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_SEQPACKET = 5;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int IPPROTO_SCTP = 132;
  public static final int SOL_SOCKET = 1;
  public static final int SOL_SCTP = 132;
  public static final int SO_REUSEADDR = 2;
  public static final int SO_ERROR = 4;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_LINGER = 13;
  public static final int MSG_CTRUNC = 0x8;
  public static final int MSG_TRUNC = 0x20;
  public static final int MSG_EOR = 0x80;
  public static final int MSG_NOSIGNAL = 0x4000;
  public static final int MSG_NOTIFICATION = 0x8000;
  // The same bit on the sending side (<bits/socket.h>): more data follows, so the kernel may hold
  // this message to bundle it with the next (SCTP since Linux 4.18, asoc->force_delay).
  public static final int MSG_MORE = 0x8000;
  public static final int SHUT_RD = 0;
  public static final int SHUT_WR = 1;
  public static final int SHUT_RDWR = 2;
  // <sys/epoll.h>: reported whether asked for or not (Netty's EpollIoOps names EPOLLERR, not
  // EPOLLHUP)
  public static final int EPOLLERR = 0x008;
  public static final int EPOLLHUP = 0x010;

  // sctp.h: socket options (level SOL_SCTP)
  public static final int SCTP_RTOINFO = 0;
  public static final int SCTP_ASSOCINFO = 1;
  public static final int SCTP_INITMSG = 2;
  public static final int SCTP_NODELAY = 3;
  public static final int SCTP_AUTOCLOSE = 4;
  public static final int SCTP_SET_PEER_PRIMARY_ADDR = 5;
  public static final int SCTP_PRIMARY_ADDR = 6;
  public static final int SCTP_DISABLE_FRAGMENTS = 8;
  public static final int SCTP_PEER_ADDR_PARAMS = 9;
  public static final int SCTP_MAXSEG = 13;
  public static final int SCTP_STATUS = 14;
  public static final int SCTP_GET_PEER_ADDR_INFO = 15;
  public static final int SCTP_DELAYED_SACK = 16;
  public static final int SCTP_FRAGMENT_INTERLEAVE = 18;
  public static final int SCTP_PARTIAL_DELIVERY_POINT = 19;
  public static final int SCTP_AUTH_CHUNK = 21;
  public static final int SCTP_HMAC_IDENT = 22;
  public static final int SCTP_AUTH_KEY = 23;
  public static final int SCTP_AUTH_ACTIVE_KEY = 24;
  public static final int SCTP_AUTH_DELETE_KEY = 25;
  public static final int SCTP_PEER_AUTH_CHUNKS = 26;
  public static final int SCTP_LOCAL_AUTH_CHUNKS = 27;
  public static final int SCTP_RECVRCVINFO = 32;
  public static final int SCTP_SOCKOPT_BINDX_ADD = 100;
  public static final int SCTP_SOCKOPT_BINDX_REM = 101;
  public static final int SCTP_GET_PEER_ADDRS = 108;
  public static final int SCTP_GET_LOCAL_ADDRS = 109;
  public static final int SCTP_SOCKOPT_CONNECTX = 110;
  public static final int SCTP_SOCKOPT_CONNECTX3 = 111;
  public static final int SCTP_GET_ASSOC_STATS = 112;
  public static final int SCTP_PR_SUPPORTED = 113;
  public static final int SCTP_DEFAULT_PRINFO = 114;
  public static final int SCTP_PR_ASSOC_STATUS = 115;
  public static final int SCTP_RECONFIG_SUPPORTED = 117;
  public static final int SCTP_ENABLE_STREAM_RESET = 118;
  public static final int SCTP_RESET_STREAMS = 119;
  public static final int SCTP_RESET_ASSOC = 120;
  public static final int SCTP_ADD_STREAMS = 121;
  public static final int SCTP_SOCKOPT_PEELOFF_FLAGS = 122;
  public static final int SCTP_STREAM_SCHEDULER = 123;
  public static final int SCTP_STREAM_SCHEDULER_VALUE = 124;
  public static final int SCTP_INTERLEAVING_SUPPORTED = 125;
  public static final int SCTP_EVENT = 127;
  public static final int SCTP_AUTH_DEACTIVATE_KEY = 35;
  public static final int SCTP_AUTH_SUPPORTED = 129;
  public static final int SCTP_REMOTE_UDP_ENCAPS_PORT = 132;
  public static final int SCTP_ASCONF_SUPPORTED = 128;

  // sctp.h: HMAC identifiers of SCTP_HMAC_IDENT (RFC 4895 §3.3)
  public static final int SCTP_AUTH_HMAC_ID_SHA1 = 1;
  public static final int SCTP_AUTH_HMAC_ID_SHA256 = 3;

  // sctp.h: struct sctp_authkey_event auth_indication
  public static final int SCTP_AUTH_NEW_KEY = 0;
  public static final int SCTP_AUTH_FREE_KEY = 1;
  public static final int SCTP_AUTH_NO_AUTH = 2;

  // sctp.h: SCTP_ENABLE_STREAM_RESET assoc_value flags (RFC 6525 requests this end accepts)
  public static final int SCTP_ENABLE_RESET_STREAM_REQ = 0x01;
  public static final int SCTP_ENABLE_RESET_ASSOC_REQ = 0x02;
  public static final int SCTP_ENABLE_CHANGE_ASSOC_REQ = 0x04;

  // sctp.h: struct sctp_reset_streams srs_flags
  public static final int SCTP_STREAM_RESET_INCOMING = 0x01;
  public static final int SCTP_STREAM_RESET_OUTGOING = 0x02;

  // sctp.h: strreset_flags, assocreset_flags and strchange_flags of the RFC 6525 notifications
  public static final int SCTP_STREAM_RESET_INCOMING_SSN = 0x0001;
  public static final int SCTP_STREAM_RESET_OUTGOING_SSN = 0x0002;
  public static final int SCTP_STREAM_RESET_DENIED = 0x0004; // = SCTP_ASSOC_RESET_DENIED etc.
  public static final int SCTP_STREAM_RESET_FAILED = 0x0008; // = SCTP_ASSOC_RESET_FAILED etc.

  // sctp.h: enum sctp_sched_type, the SCTP_STREAM_SCHEDULER values (RFC 8260); Linux 6.1's
  // SCTP_SS_MAX is SCTP_SS_RR (linux-libc-dev 6.1; fair capacity and WFQ are later kernels')
  public static final int SCTP_SS_FCFS = 0;
  public static final int SCTP_SS_PRIO = 1;
  public static final int SCTP_SS_RR = 2;

  // sctp.h: struct sctp_paddrparams spp_flags
  public static final int SPP_HB_ENABLE = 1;
  public static final int SPP_HB_DISABLE = 1 << 1;

  // sctp.h: enum sctp_sstat_state (an association's state, SCTP_STATUS sstat_state)
  public static final int SCTP_CLOSED = 1;

  // sctp.h: enum sctp_spinfo_state (a path's state)
  public static final int SCTP_INACTIVE = 0;
  public static final int SCTP_PF = 1;
  public static final int SCTP_ACTIVE = 2;
  public static final int SCTP_UNCONFIRMED = 3;
  public static final int SCTP_UNKNOWN = 0xffff;

  // sctp.h: enum sctp_cmsg_type
  public static final int SCTP_SNDINFO = 2;
  public static final int SCTP_RCVINFO = 3;
  public static final int SCTP_PRINFO = 5;
  public static final int SCTP_DSTADDRV4 = 7;
  public static final int SCTP_DSTADDRV6 = 8;

  // sctp.h: enum sctp_sinfo_flags
  public static final int SCTP_UNORDERED = 1;
  public static final int SCTP_ADDR_OVER = 1 << 1;
  public static final int SCTP_ABORT = 1 << 2;
  public static final int SCTP_SACK_IMMEDIATELY = 1 << 3;
  public static final int SCTP_SENDALL = 1 << 6;
  public static final int SCTP_PR_SCTP_ALL = 1 << 7;
  public static final int SCTP_EOF = 0x200; // MSG_FIN

  // sctp.h: PR-SCTP policies
  public static final int SCTP_PR_SCTP_NONE = 0x0000;
  public static final int SCTP_PR_SCTP_TTL = 0x0010;
  public static final int SCTP_PR_SCTP_RTX = 0x0020;
  public static final int SCTP_PR_SCTP_PRIO = 0x0030;

  // sctp.h: enum sctp_sn_type
  public static final int SCTP_ASSOC_CHANGE = 0x8001;
  public static final int SCTP_PEER_ADDR_CHANGE = 0x8002;
  public static final int SCTP_SEND_FAILED = 0x8003;
  public static final int SCTP_REMOTE_ERROR = 0x8004;
  public static final int SCTP_SHUTDOWN_EVENT = 0x8005;
  public static final int SCTP_PARTIAL_DELIVERY_EVENT = 0x8006;
  public static final int SCTP_ADAPTATION_INDICATION = 0x8007;
  public static final int SCTP_AUTHENTICATION_EVENT = 0x8008;
  public static final int SCTP_SENDER_DRY_EVENT = 0x8009;
  public static final int SCTP_STREAM_RESET_EVENT = 0x800a;
  public static final int SCTP_ASSOC_RESET_EVENT = 0x800b;
  public static final int SCTP_STREAM_CHANGE_EVENT = 0x800c;
  public static final int SCTP_SEND_FAILED_EVENT = 0x800d;

  // sctp.h: sctp_send_failed_event ssf_flags
  public static final int SCTP_DATA_UNSENT = 0;
  public static final int SCTP_DATA_SENT = 1;

  // sctp.h: socket option taking struct sctp_setadaptation (one __u32, ssb_adaptation_ind), RFC
  // 6458 §8.1.10
  public static final int SCTP_ADAPTATION_LAYER = 7;

  /** {@code sca_assoc_id} etc. on a one-to-many socket: the endpoint, for associations to come. */
  public static final int SCTP_FUTURE_ASSOC = 0;

  /** {@code assoc_id} etc. on a one-to-many socket: every current association. */
  public static final int SCTP_CURRENT_ASSOC = 1;

  /**
   * {@code se_assoc_id} etc. meaning the associations to come and every current one (one-to-many
   * sockets).
   */
  public static final int SCTP_ALL_ASSOC = 2;

  private SctpConstants() {}
}
