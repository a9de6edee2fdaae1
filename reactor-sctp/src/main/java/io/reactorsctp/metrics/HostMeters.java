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
              SctpMeterNames.HOST_ESTABLISHED,
              Tags.empty(),
              true,
              SctpMeterNames.UNIT_ASSOCIATIONS,
              "associations in the namespace in ESTABLISHED, SHUTDOWN-PENDING or SHUTDOWN-RECEIVED"),
          counter(
              "SctpActiveEstabs",
              SctpMeterNames.HOST_OPENED,
              SctpMeterNames.TAG_SETUP,
              "connect",
              SctpMeterNames.UNIT_ASSOCIATIONS,
              "associations the namespace set up, by who started them"),
          counter(
              "SctpPassiveEstabs",
              SctpMeterNames.HOST_OPENED,
              SctpMeterNames.TAG_SETUP,
              "accept",
              SctpMeterNames.UNIT_ASSOCIATIONS,
              "associations the namespace set up, by who started them"),
          counter(
              "SctpAborteds",
              SctpMeterNames.HOST_ENDED,
              SctpMeterNames.TAG_END,
              "abort",
              SctpMeterNames.UNIT_ASSOCIATIONS,
              "associations of the namespace that ended, by ABORT or graceful shutdown"),
          counter(
              "SctpShutdowns",
              SctpMeterNames.HOST_ENDED,
              SctpMeterNames.TAG_END,
              "shutdown",
              SctpMeterNames.UNIT_ASSOCIATIONS,
              "associations of the namespace that ended, by ABORT or graceful shutdown"),
          counter(
              "SctpOutOfBlues",
              SctpMeterNames.HOST_OUT_OF_BLUE,
              null,
              null,
              SctpMeterNames.UNIT_PACKETS,
              "packets received that belong to no association (RFC 9260 §8.4)"),
          counter(
              "SctpChecksumErrors",
              SctpMeterNames.HOST_CHECKSUM_ERRORS,
              null,
              null,
              SctpMeterNames.UNIT_PACKETS,
              "packets received with a wrong CRC32c checksum"),
          counter(
              "SctpOutCtrlChunks",
              SctpMeterNames.HOST_CONTROL_SENT,
              null,
              null,
              SctpMeterNames.UNIT_CHUNKS,
              "control chunks the namespace sent"),
          counter(
              "SctpOutOrderChunks",
              SctpMeterNames.HOST_DATA_SENT,
              SctpMeterNames.TAG_DELIVERY,
              "ordered",
              SctpMeterNames.UNIT_CHUNKS,
              "DATA chunks the namespace sent"),
          counter(
              "SctpOutUnorderChunks",
              SctpMeterNames.HOST_DATA_SENT,
              SctpMeterNames.TAG_DELIVERY,
              "unordered",
              SctpMeterNames.UNIT_CHUNKS,
              "DATA chunks the namespace sent"),
          counter(
              "SctpInCtrlChunks",
              SctpMeterNames.HOST_CONTROL_RECEIVED,
              null,
              null,
              SctpMeterNames.UNIT_CHUNKS,
              "control chunks the namespace received"),
          counter(
              "SctpInOrderChunks",
              SctpMeterNames.HOST_DATA_RECEIVED,
              SctpMeterNames.TAG_DELIVERY,
              "ordered",
              SctpMeterNames.UNIT_CHUNKS,
              "DATA chunks the namespace received"),
          counter(
              "SctpInUnorderChunks",
              SctpMeterNames.HOST_DATA_RECEIVED,
              SctpMeterNames.TAG_DELIVERY,
              "unordered",
              SctpMeterNames.UNIT_CHUNKS,
              "DATA chunks the namespace received"),
          counter(
              "SctpFragUsrMsgs",
              SctpMeterNames.HOST_FRAGMENTED,
              null,
              null,
              BaseUnits.MESSAGES,
              "user messages sent in several DATA chunks"),
          counter(
              "SctpReasmUsrMsgs",
              SctpMeterNames.HOST_REASSEMBLED,
              null,
              null,
              BaseUnits.MESSAGES,
              "user messages received in several DATA chunks"),
          counter(
              "SctpOutSCTPPacks",
              SctpMeterNames.HOST_NETWORK_SENT,
              null,
              null,
              SctpMeterNames.UNIT_PACKETS,
              "SCTP packets the namespace sent"),
          counter(
              "SctpInSCTPPacks",
              SctpMeterNames.HOST_NETWORK_RECEIVED,
              null,
              null,
              SctpMeterNames.UNIT_PACKETS,
              "SCTP packets the namespace received"),
          counter(
              "SctpT1InitExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t1_init",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT1CookieExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t1_cookie",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT2ShutdownExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t2_shutdown",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT3RtxExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t3_rtx",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT4RtoExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t4_rto",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT5ShutdownGuardExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "t5_shutdown_guard",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpDelaySackExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "delayed_sack",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpAutocloseExpireds",
              SctpMeterNames.HOST_TIMER_EXPIRATIONS,
              SctpMeterNames.TAG_TIMER,
              "autoclose",
              BaseUnits.EVENTS,
              TIMER_EXPIRATIONS),
          counter(
              "SctpT3Retransmits",
              SctpMeterNames.HOST_RETRANSMISSIONS,
              SctpMeterNames.TAG_RETRANSMISSION,
              "t3_rtx",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpPmtudRetransmits",
              SctpMeterNames.HOST_RETRANSMISSIONS,
              SctpMeterNames.TAG_RETRANSMISSION,
              "pmtud",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpFastRetransmits",
              SctpMeterNames.HOST_RETRANSMISSIONS,
              SctpMeterNames.TAG_RETRANSMISSION,
              "fast",
              BaseUnits.EVENTS,
              "retransmission rounds (each may carry several chunks), by cause"),
          counter(
              "SctpInPktDiscards",
              SctpMeterNames.HOST_NETWORK_DISCARDED,
              null,
              null,
              SctpMeterNames.UNIT_PACKETS,
              "packets received and dropped (no room, or invalid)"),
          counter(
              "SctpInDataChunkDiscards",
              SctpMeterNames.HOST_DATA_DISCARDED,
              null,
              null,
              SctpMeterNames.UNIT_CHUNKS,
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
