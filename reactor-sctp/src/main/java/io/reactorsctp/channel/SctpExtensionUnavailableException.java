package io.reactorsctp.channel;

/**
 * The kernel refused to turn on an SCTP extension that it has, or lacks, for a reason outside this
 * socket: a host-wide sysctl off, or a kernel too old. Names the extension and what would enable
 * it. The socket and its associations are unaffected.
 */
public class SctpExtensionUnavailableException extends IllegalStateException {
  private final String extension;
  private final String enabledBy;

  /**
   * Creates the exception.
   *
   * @param extension the extension, e.g. {@code "I-DATA (SCTP_INTERLEAVING_SUPPORTED)"}
   * @param enabledBy what would make it available, e.g. {@code "sysctl net.sctp.intl_enable=1"}
   * @param cause the kernel's refusal
   */
  public SctpExtensionUnavailableException(String extension, String enabledBy, Throwable cause) {
    super(extension + " is unavailable: " + cause.getMessage() + "; needs " + enabledBy, cause);
    this.extension = extension;
    this.enabledBy = enabledBy;
  }

  /** {@return the extension refused} */
  public String extension() {
    return extension;
  }

  /** {@return the sysctl or kernel version that would make it available} */
  public String enabledBy() {
    return enabledBy;
  }
}
