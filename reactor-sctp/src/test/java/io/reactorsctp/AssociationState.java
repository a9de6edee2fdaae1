package io.reactorsctp;

import io.reactorsctp.channel.EpollSctpChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where messages that did not arrive wait, for a failing test to say: each end's {@code
 * SCTP_STATUS} (unacknowledged and pending chunks, the peer's window) and the kernel's tables
 * ({@code /proc/net/sctp/assocs}, {@code /proc/net/sctp/snmp}).
 */
public final class AssociationState {
  private static final String ASSOCS = "/proc/net/sctp/assocs";
  private static final String SNMP = "/proc/net/sctp/snmp";

  /** {@return both ends' status and the kernel's tables, one item per line} */
  public static String of(EpollSctpChannel client, EpollSctpChannel server) {
    return "client: "
        + status(client)
        + "\nserver: "
        + status(server)
        + "\n"
        + read(ASSOCS)
        + read(SNMP);
  }

  /** {@return one counter of the kernel's {@code /proc/net/sctp/snmp}, -1 when unreadable} */
  public static long snmp(String counter) {
    for (String line : read(SNMP).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(counter)) {
        return Long.parseLong(f[1]);
      }
    }
    return -1;
  }

  private static String status(EpollSctpChannel c) {
    try {
      return c == null ? "none" : c.status().toString();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (Exception e) {
      return path + ": " + e + "\n";
    }
  }

  private AssociationState() {}
}
