package io.reactorsctp.examples.m3ua;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An M3UA Application Server Process (RFC 4666 §4.3) on one SCTP association to a Signalling
 * Gateway or an STP: ASP Up, ASP Active for routing contexts, DATA on a stream other than 0,
 * heartbeats, and the way down.
 *
 * <pre>{@code
 * M3uaAsp asp = M3uaAsp.connect(SctpClient.create().remoteAddress(new InetSocketAddress("10.0.0.1", M3ua.PORT))
 *     .streams(4, 4)).block();
 * asp.aspUp().block();                                                  // ASPUP -> ASPUP-ACK
 * asp.aspActive(M3ua.TRAFFIC_MODE_OVERRIDE, 100).block();               // ASPAC -> ASPAC-ACK
 * asp.data(1, 100, new ProtocolData(2, 3, 3, 2, 0, 5, sccp)).block();   // DATA on stream 1
 * asp.beat(new byte[] {1, 2, 3}).block();                               // BEAT -> BEAT-ACK on stream 0
 * }</pre>
 *
 * <p>Each exchange waits for its acknowledgement; an ERR from the peer fails the oldest waiting
 * exchange with an {@link M3uaPeerException} carrying the peer's Error Code. Everything the peer
 * sends is also available from {@link #received()}.
 */
public final class M3uaAsp {

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(M3uaAsp.class);

  /**
   * How long an exchange waits for its acknowledgement (RFC 4666's T(ack) is 2 s; slow hosts need
   * more).
   */
  public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final SctpConnection sctp;
  private final Queue<Expectation> expectations = new ConcurrentLinkedQueue<>();
  private final Sinks.Many<M3uaReceived> received = Sinks.many().replay().limit(256);

  private record Expectation(
      int messageClass, int messageType, String request, Sinks.One<M3uaReceived> sink) {}

  private M3uaAsp(SctpConnection sctp) {
    this.sctp = sctp;
  }

  /**
   * @param sctp the SCTP client, with the SGP's address (and, for an STP that matches ASPs by
   *     address, the local address and port it expects)
   * @return the ASP once the association is up, in state ASP-DOWN
   */
  public static Mono<M3uaAsp> connect(SctpClient sctp) {
    return sctp.connect()
        .map(
            association -> {
              M3uaAsp asp = new M3uaAsp(association);
              association
                  .inbound()
                  .receive()
                  .subscribe(asp::onMessage, asp::ended, () -> asp.ended(null));
              return asp;
            });
  }

  /**
   * @return ASPUP on stream 0, completing with the ASPUP-ACK
   */
  public Mono<M3uaReceived> aspUp() {
    return exchange(
        M3ua.MANAGEMENT_STREAM,
        M3uaMessage.of(M3ua.CLASS_ASPSM, M3ua.ASPUP),
        M3ua.CLASS_ASPSM,
        M3ua.ASPUP_ACK);
  }

  /**
   * @param trafficMode {@link M3ua#TRAFFIC_MODE_OVERRIDE} or {@link M3ua#TRAFFIC_MODE_LOADSHARE}
   * @param routingContexts the routing contexts of the Application Servers to activate (as the peer
   *     configured them); none when the peer knows the ASP's AS without
   * @return ASPAC on stream 0, completing with the ASPAC-ACK
   */
  public Mono<M3uaReceived> aspActive(int trafficMode, int... routingContexts) {
    M3uaMessage aspac =
        routingContexts.length == 0
            ? M3uaMessage.of(
                M3ua.CLASS_ASPTM,
                M3ua.ASPAC,
                M3uaParameter.u32(M3ua.TAG_TRAFFIC_MODE_TYPE, trafficMode))
            : M3uaMessage.of(
                M3ua.CLASS_ASPTM,
                M3ua.ASPAC,
                M3uaParameter.u32(M3ua.TAG_TRAFFIC_MODE_TYPE, trafficMode),
                M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, routingContexts));
    return exchange(M3ua.MANAGEMENT_STREAM, aspac, M3ua.CLASS_ASPTM, M3ua.ASPAC_ACK);
  }

  /**
   * @param routingContexts the routing contexts to deactivate
   * @return ASPIA on stream 0, completing with the ASPIA-ACK
   */
  public Mono<M3uaReceived> aspInactive(int... routingContexts) {
    M3uaMessage aspia =
        routingContexts.length == 0
            ? M3uaMessage.of(M3ua.CLASS_ASPTM, M3ua.ASPIA)
            : M3uaMessage.of(
                M3ua.CLASS_ASPTM,
                M3ua.ASPIA,
                M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, routingContexts));
    return exchange(M3ua.MANAGEMENT_STREAM, aspia, M3ua.CLASS_ASPTM, M3ua.ASPIA_ACK);
  }

  /**
   * @return ASPDN on stream 0, completing with the ASPDN-ACK
   */
  public Mono<M3uaReceived> aspDown() {
    return exchange(
        M3ua.MANAGEMENT_STREAM,
        M3uaMessage.of(M3ua.CLASS_ASPSM, M3ua.ASPDN),
        M3ua.CLASS_ASPSM,
        M3ua.ASPDN_ACK);
  }

  /**
   * @param heartbeatData opaque data the peer must echo
   * @return BEAT on stream 0, completing with the BEAT-ACK; errors when the BEAT-ACK does not echo
   *     the data
   */
  public Mono<M3uaReceived> beat(byte[] heartbeatData) {
    return exchange(
            M3ua.MANAGEMENT_STREAM,
            M3uaMessage.of(
                M3ua.CLASS_ASPSM,
                M3ua.BEAT,
                new M3uaParameter(M3ua.TAG_HEARTBEAT_DATA, heartbeatData)),
            M3ua.CLASS_ASPSM,
            M3ua.BEAT_ACK)
        .flatMap(
            ack ->
                ack.message()
                        .parameter(M3ua.TAG_HEARTBEAT_DATA)
                        .filter(p -> Arrays.equals(p.value(), heartbeatData))
                        .isPresent()
                    ? Mono.just(ack)
                    : Mono.error(
                        new M3uaPeerException(
                            "BEAT-ACK from "
                                + peer()
                                + " does not echo the Heartbeat Data "
                                + HexFormat.of().formatHex(heartbeatData)
                                + ": "
                                + ack.message(),
                            -1,
                            null)));
  }

  /**
   * Sends a DATA message. No acknowledgement exists at this layer: the peer answers only with ERR
   * if it refuses it.
   *
   * @param streamId the SCTP stream, 1 or more (RFC 4666 §1.4.7: DATA must not use stream 0)
   * @param routingContext the routing context of the AS sending, or -1 to leave it out
   * @param data the routing label and user part
   * @return completes once the kernel has the message
   */
  public Mono<Void> data(int streamId, long routingContext, ProtocolData data) {
    if (streamId == 0) {
      return Mono.error(
          new IllegalArgumentException(
              "streamId: 0 is for management; RFC 4666 §1.4.7 forbids DATA on stream 0"));
    }
    M3uaMessage message =
        routingContext < 0
            ? M3uaMessage.of(M3ua.CLASS_TRANSFER, M3ua.DATA, data.toParameter())
            : M3uaMessage.of(
                M3ua.CLASS_TRANSFER,
                M3ua.DATA,
                M3uaParameter.u32(M3ua.TAG_ROUTING_CONTEXT, (int) routingContext),
                data.toParameter());
    return send(streamId, message);
  }

  /**
   * @param streamId the SCTP stream
   * @param message any message, sent as it is
   * @return completes once the kernel has it; errors with {@link M3uaPeerException} naming it and
   *     the stream
   */
  public Mono<Void> send(int streamId, M3uaMessage message) {
    return sctp.outbound()
        .send(
            Mono.fromCallable(
                () ->
                    SctpOutboundMessage.builder(M3uaCodec.encode(message, sctp.channel().alloc()))
                        .streamId(streamId)
                        .ppid(M3ua.PPID)
                        .build()))
        .onErrorMap(
            e ->
                new M3uaPeerException(
                    "could not send " + message.name() + " on stream " + streamId + " to " + peer(),
                    -1,
                    e));
  }

  /**
   * Sends {@code request} and waits for the message of class and type given.
   *
   * @param streamId the SCTP stream
   * @param request the message
   * @param ackClass the answer's class
   * @param ackType the answer's type
   * @return the answer; errors with {@link M3uaPeerException} on ERR, timeout or the association's
   *     end
   */
  public Mono<M3uaReceived> exchange(int streamId, M3uaMessage request, int ackClass, int ackType) {
    return Mono.defer(
        () -> {
          String what = request.name() + " on stream " + streamId + " to " + peer();
          Expectation e = new Expectation(ackClass, ackType, what, Sinks.one());
          expectations.add(e);
          return send(streamId, request)
              .then(e.sink().asMono())
              .timeout(
                  ACK_TIMEOUT,
                  Mono.error(
                      () ->
                          new M3uaPeerException(
                              "no "
                                  + M3ua.name(ackClass, ackType)
                                  + " for "
                                  + what
                                  + " within "
                                  + ACK_TIMEOUT,
                              -1,
                              null)))
              .doFinally(s -> expectations.remove(e));
        });
  }

  /**
   * @return every message the peer sent (the last 256 are replayed to a new subscriber), with its
   *     stream: acknowledgements, NTFY, SSNM messages, DATA routed to this ASP
   */
  public Flux<M3uaReceived> received() {
    return received.asFlux();
  }

  /**
   * @return the SCTP association
   */
  public SctpConnection association() {
    return sctp;
  }

  /**
   * @return shuts the association down gracefully; completes when it is closed
   */
  public Mono<Void> close() {
    return sctp.shutdown();
  }

  private String peer() {
    return String.valueOf(sctp.remoteAddress());
  }

  private void onMessage(SctpInboundMessage in) {
    M3uaReceived r;
    try {
      if (in.ppid() != M3ua.PPID) {
        LOG.warn(
            "ignoring a message with ppid {} on stream {} from {}: M3UA uses ppid {}",
            Integer.toUnsignedString(in.ppid()),
            in.streamId(),
            peer(),
            M3ua.PPID);
        return;
      }
      r = new M3uaReceived(M3uaCodec.decode(in.content()), in.streamId());
    } catch (MalformedM3uaException e) {
      LOG.warn(
          "malformed M3UA message on stream {} from {}; closing the association",
          in.streamId(),
          peer(),
          e);
      sctp.abort();
      return;
    } finally {
      in.release();
    }
    received.tryEmitNext(r);
    M3uaMessage m = r.message();
    if (m.is(M3ua.CLASS_MGMT, M3ua.ERR)) {
      long code = m.parameter(M3ua.TAG_ERROR_CODE).map(p -> p.u32(0)).orElse(-1L);
      Expectation oldest = expectations.poll();
      M3uaPeerException error =
          new M3uaPeerException(
              "ERR with Error Code 0x"
                  + Long.toHexString(code)
                  + " from "
                  + peer()
                  + (oldest != null ? " answering " + oldest.request() : ""),
              code,
              null);
      if (oldest != null) {
        oldest.sink().tryEmitError(error);
      } else {
        LOG.warn("{}", error.getMessage());
      }
      return;
    }
    for (Expectation e : expectations) {
      if (m.is(e.messageClass(), e.messageType()) && expectations.remove(e)) {
        e.sink().tryEmitValue(r);
        return;
      }
    }
  }

  private void ended(Throwable error) {
    for (Expectation e; (e = expectations.poll()) != null; ) {
      e.sink()
          .tryEmitError(
              new M3uaPeerException(
                  "the association with "
                      + peer()
                      + " ended before "
                      + M3ua.name(e.messageClass(), e.messageType())
                      + " answered "
                      + e.request(),
                  -1,
                  error));
    }
    if (error != null) {
      received.tryEmitError(error);
    } else {
      received.tryEmitComplete();
    }
  }
}
