package io.reactorsctp;

/**
 * The {@code <errno.h>} numbers (Linux) that SCTP calls report, as {@link
 * SctpNativeException#errno()} gives them.
 */
public final class Errno {
  /**
   * {@code EPERM}: e.g. a set-peer-primary request where ASCONF (RFC 5061) is off or was not
   * negotiated, or {@code SCTP_INTERLEAVING_SUPPORTED} while the sysctl {@code
   * net.sctp.intl_enable} is 0.
   */
  public static final int EPERM = 1;

  /** {@code ENOENT}. */
  public static final int ENOENT = 2;

  /** {@code EINTR}. */
  public static final int EINTR = 4;

  /** {@code EBADF}. */
  public static final int EBADF = 9;

  /** {@code ENOMEM}. */
  public static final int ENOMEM = 12;

  /** {@code EACCES}: e.g. an SCTP-AUTH option on an endpoint or association without AUTH. */
  public static final int EACCES = 13;

  /** {@code EBUSY}. */
  public static final int EBUSY = 16;

  /** {@code EAGAIN}. */
  public static final int EAGAIN = 11;

  /** {@code EINVAL}. */
  public static final int EINVAL = 22;

  /** {@code EPIPE}. */
  public static final int EPIPE = 32;

  /** {@code EMSGSIZE}. */
  public static final int EMSGSIZE = 90;

  /**
   * {@code ENOPROTOOPT}: among others, a stream reconfiguration request on an association where
   * RECONFIG was not negotiated or the request was not enabled (RFC 6525).
   */
  public static final int ENOPROTOOPT = 92;

  /** {@code EOPNOTSUPP}. */
  public static final int EOPNOTSUPP = 95;

  /** {@code EPROTONOSUPPORT}. */
  public static final int EPROTONOSUPPORT = 93;

  /** {@code EADDRINUSE}. */
  public static final int EADDRINUSE = 98;

  /** {@code EADDRNOTAVAIL}. */
  public static final int EADDRNOTAVAIL = 99;

  /** {@code ECONNRESET}. */
  public static final int ECONNRESET = 104;

  /** {@code ENOBUFS}. */
  public static final int ENOBUFS = 105;

  /** {@code EISCONN}. */
  public static final int EISCONN = 106;

  /** {@code ENOTCONN}. */
  public static final int ENOTCONN = 107;

  /** {@code ETIMEDOUT}. */
  public static final int ETIMEDOUT = 110;

  /** {@code ECONNREFUSED}. */
  public static final int ECONNREFUSED = 111;

  /** {@code EHOSTUNREACH}. */
  public static final int EHOSTUNREACH = 113;

  /** {@code EALREADY}. */
  public static final int EALREADY = 114;

  /** {@code EINPROGRESS}. */
  public static final int EINPROGRESS = 115;

  /**
   * Names an errno value.
   *
   * @param errno an errno value
   * @return its symbolic name, e.g. {@code "EAGAIN"}, or {@code "errno N"} for one not listed here
   */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EBADF -> "EBADF";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EBUSY -> "EBUSY";
      case EAGAIN -> "EAGAIN";
      case EINVAL -> "EINVAL";
      case EPIPE -> "EPIPE";
      case EMSGSIZE -> "EMSGSIZE";
      case ENOPROTOOPT -> "ENOPROTOOPT";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
      case EADDRINUSE -> "EADDRINUSE";
      case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
      case ECONNRESET -> "ECONNRESET";
      case ENOBUFS -> "ENOBUFS";
      case EISCONN -> "EISCONN";
      case ENOTCONN -> "ENOTCONN";
      case ETIMEDOUT -> "ETIMEDOUT";
      case ECONNREFUSED -> "ECONNREFUSED";
      case EHOSTUNREACH -> "EHOSTUNREACH";
      case EALREADY -> "EALREADY";
      case EINPROGRESS -> "EINPROGRESS";
      default -> "errno " + errno;
    };
  }

  private Errno() {}
}
