package io.reactorsctp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's SCTP counters of the JVM's network namespace ({@code /proc/net/sctp/snmp}, RFC
 * 3873's MIB), once per meter registry: what Linux keeps only host-wide, above all the T3-rtx timer
 * expirations, which no socket option reports per association. The meters read a snapshot of the
 * file on the scraping thread, refreshed when older than {@link #MAX_AGE_NANOS}: a scrape never
 * touches an event loop and reads the file at most once.
 */
final class HostMeters {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(HostMeters.class);

  static final Path SNMP = Path.of("/proc/net/sctp/snmp");

  /** Snapshots older than this are read again; one scrape reads every meter well within it. */
  static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * Registries that have host meters, each with the snapshot its meters read. Micrometer holds a
   * function counter's object weakly, so this map holds the snapshot for as long as the registry
   * lives (the snapshot does not refer to the registry: the entry goes with it).
   */
  private static final Map<MeterRegistry, HostMeters> REGISTERED = new WeakHashMap<>();

  /** One figure of the file: its meter name, tag, type, unit and description. */
  record Figure(
      String field, String name, Tags tags, boolean gauge, String unit, String description) {}

  private static Figure counter(
      String field, String name, String tagKey, String tagValue, String unit, String description) {
    return new Figure(
        field,
        name,
        tagKey == null ? Tags.empty() : Tags.of(tagKey, tagValue),
        false,
        unit,
        description);
  }

  private static final String TIMER_EXPIRATIONS =
      "timer expirations in the network namespace, by timer (RFC 9260,"
          + " RFC 3873; /proc/net/sctp/snmp)";

  /**
   * Every figure of the file worth a meter ({@code SctpInPktSoftirq} and {@code SctpInPktBacklog}
   * split the kernel's receive path and are left out), in the file's order.
   */
  static final List<Figure> FIGURES =
      List.of(
          new Figure(
              "SctpCurrEstab",
              "sctp.host.associations.established",
              Tags.empty(),
              true,
              "associations",
              "associations in the namespace in ESTABLISHED, SHUTDOWN-PENDING or SHUTDOWN-RECEIVED"),
          counter(
              "SctpActiveEstabs",
              "sctp.host.associations.opened",
              "sctp.setup",
              "connect",
              "associations",
              "associations the namespace set up, by who started them"),
          counter(
              "SctpPassiveEstabs",
              "sctp.host.associations.opened",
              "sctp.setup",
              "accept",
              "associations",
              "associations the namespace set up, by who started them"),
          counter(
              "SctpAborteds",
              "sctp.host.associations.ended",
              "sctp.end",
              "abort",
              "associations",
              "associations of the namespace that ended, by ABORT or graceful shutdown"),
          counter(
              "SctpShutdowns",
              "sctp.host.associations.ended",
              "sctp.end",
              "shutdown",
              "associations",
              "associations of the namespace that ended, by ABORT or graceful shutdown"),
          counter(
              "SctpOutOfBlues",
              "sctp.host.out.of.blue.packets",
              null,
              null,
              "packets",
              "packets received that belong to no association (RFC 9260 §8.4)"),
          counter(
              "SctpChecksumErrors",
              "sctp.host.checksum.errors",
              null,
              null,
              "packets",
              "packets received with a wrong CRC32c checksum"),
          counter(
              "SctpOutCtrlChunks",
              "sctp.host.control.chunks.sent",
              null,
              null,
              "chunks",
              "control chunks the namespace sent"),
          counter(
              "SctpOutOrderChunks",
              "sctp.host.data.chunks.sent",
              "sctp.delivery",
              "ordered",
              "chunks",
              "DATA chunks the namespace sent"),
          counter(
              "SctpOutUnorderChunks",
              "sctp.host.data.chunks.sent",
              "sctp.delivery",
              "unordered",
              "chunks",
              "DATA chunks the namespace sent"),
          counter(
              "SctpInCtrlChunks",
              "sctp.host.control.chunks.received",
              null,
              null,
              "chunks",
              "control chunks the namespace received"),
          counter(
              "SctpInOrderChunks",
              "sctp.host.data.chunks.received",
              "sctp.delivery",
              "ordered",
              "chunks",
              "DATA chunks the namespace received"),
          counter(
              "SctpInUnorderChunks",
              "sctp.host.data.chunks.received",
              "sctp.delivery",
              "unordered",
              "chunks",
              "DATA chunks the namespace received"),
          counter(
              "SctpFragUsrMsgs",
              "sctp.host.messages.fragmented",
              null,
              null,
              BaseUnits.MESSAGES,
              "user messages sent in several DATA chunks"),
          counter(
              "SctpReasmUsrMsgs",
              "sctp.host.messages.reassembled",
              null,
              null,
              BaseUnits.MESSAGES,
              "user messages received in several DATA chunks"),
          counter(
              "SctpOutSCTPPacks",
              "sctp.host.packets.sent",
              null,
              null,
              "packets",
              "SCTP packets the namespace sent"),
          counter(
              "SctpInSCTPPacks",
              "sctp.host.packets.received",
              null,
              null,
              "packets",
              "SCTP packets the namespace received"),
          counter(
              "SctpT1InitExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t1_init",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT1CookieExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t1_cookie",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT2ShutdownExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t2_shutdown",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT3RtxExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t3_rtx",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT4RtoExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t4_rto",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT5ShutdownGuardExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "t5_shutdown_guard",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpDelaySackExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "delayed_sack",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpAutocloseExpireds",
              "sctp.host.timer.expirations",
              "sctp.timer",
              "autoclose",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT3Retransmits",
              "sctp.host.retransmissions",
              "sctp.retransmission",
              "t3_rtx",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpPmtudRetransmits",
              "sctp.host.retransmissions",
              "sctp.retransmission",
              "pmtud",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpFastRetransmits",
              "sctp.host.retransmissions",
              "sctp.retransmission",
              "fast",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpInPktDiscards",
              "sctp.host.packets.discarded",
              null,
              null,
              "packets",
              "packets received and dropped (no room, or invalid)"),
          counter(
              "SctpInDataChunkDiscards",
              "sctp.host.data.chunks.discarded",
              null,
              null,
              "chunks",
              "DATA chunks received and dropped (no room in the receive buffer, or invalid)"));

  private final Path file;
  private final Map<String, Long> values;
  private long readAt;

  private HostMeters(Path file, Map<String, Long> values) {
    this.file = file;
    this.values = values;
    this.readAt = System.nanoTime();
  }

  /**
   * Registers the host meters in {@code registry} unless it has them: one meter per figure the file
   * has (kernels differ). Reads the file once; nothing is registered, and nothing thrown, when it
   * cannot be read.
   *
   * @return whether {@code registry} has the host meters
   */
  static boolean registerOnce(MeterRegistry registry) {
    return registerOnce(registry, SNMP);
  }

  static boolean registerOnce(MeterRegistry registry, Path file) {
    synchronized (REGISTERED) {
      if (REGISTERED.containsKey(registry)) {
        return REGISTERED.get(registry) != null;
      }
      HostMeters host;
      try {
        host = new HostMeters(file, parse(Files.readAllLines(file)));
      } catch (IOException | RuntimeException e) {
        LOG.debug("no SCTP host meters: {} not readable", file, e);
        REGISTERED.put(
            registry, null); // tried once: the file appears with the sctp module, loaded by now
        return false;
      }
      host.register(registry);
      REGISTERED.put(registry, host);
      return true;
    }
  }

  private void register(MeterRegistry registry) {
    for (Figure f : FIGURES) {
      if (!values.containsKey(f.field())) {
        continue;
      }
      String field = f.field();
      if (f.gauge()) {
        Gauge.builder(f.name(), this, h -> h.value(field))
            .description(f.description())
            .baseUnit(f.unit())
            .tags(f.tags())
            .register(registry);
      } else {
        FunctionCounter.builder(f.name(), this, h -> h.value(field))
            .description(f.description())
            .baseUnit(f.unit())
            .tags(f.tags())
            .register(registry);
      }
    }
  }

  /**
   * {@return the figure from a snapshot at most {@link #MAX_AGE_NANOS} old; the last one read if
   * reading fails}
   */
  synchronized double value(String field) {
    if (System.nanoTime() - readAt > MAX_AGE_NANOS) {
      try {
        values.putAll(parse(Files.readAllLines(file)));
      } catch (IOException | RuntimeException e) {
        LOG.debug("{} not read: the last figures stay", file, e);
      }
      readAt = System.nanoTime();
    }
    Long v = values.get(field);
    return v == null ? Double.NaN : v;
  }

  /** Parses lines of {@code Name <spaces> value}; lines of any other shape are ignored. */
  static Map<String, Long> parse(List<String> lines) {
    Map<String, Long> figures = new HashMap<>();
    for (String line : lines) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2) {
        try {
          figures.put(parts[0], Long.parseUnsignedLong(parts[1]));
        } catch (NumberFormatException e) {
          // not a figure
        }
      }
    }
    return figures;
  }

  @Override
  public String toString() {
    return "HostMeters(" + file + ")";
  }
}
