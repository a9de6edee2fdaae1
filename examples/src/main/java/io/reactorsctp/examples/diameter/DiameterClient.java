package io.reactorsctp.examples.diameter;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The client side of the Diameter base protocol on one SCTP association: capabilities exchange when
 * connecting, device watchdog on a timer, requests of the echo application on any stream, and a
 * clean disconnect.
 *
 * <pre>{@code
 * DiameterClient client = DiameterClient.connect(
 *     SctpClient.create().remoteAddress(new InetSocketAddress("10.0.0.1", Diameter.PORT)).streams(8, 8),
 *     PeerIdentity.of("client.example.org", "example.org"), Duration.ofSeconds(30)).block();
 * DiameterReceived answer = client.echo(1, "session-1", List.of()).block();
 * client.disconnect().block();
 * }</pre>
 *
 * <p>Base messages travel on stream {@value Diameter#BASE_STREAM}; application requests on the
 * stream the caller picks (streams are independent: a lost packet on one does not hold back the
 * others). Failures are {@link DiameterPeerException}s naming the peer, command, hop-by-hop
 * identifier and stream.
 */
public final class DiameterClient {

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(DiameterClient.class);

  /**
   * How long a request waits for its answer (RFC 3539's Tw is 30 s; an answer comes far sooner).
   */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final DiameterConnection connection;
  private final DiameterStatistics statistics;
  private final DiameterMessage capabilitiesAnswer;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Sinks.Many<DiameterReceived> watchdogAnswers = Sinks.many().replay().limit(16);
  private volatile Disposable watchdog;

  private DiameterClient(
      DiameterConnection connection, DiameterStatistics statistics, DiameterMessage cea) {
    this.connection = connection;
    this.statistics = statistics;
    this.capabilitiesAnswer = cea;
  }

  /**
   * Sets up the association, does the capabilities exchange on stream {@value
   * Diameter#BASE_STREAM}, and starts the device watchdog.
   *
   * @param sctp the SCTP client, with the peer's address and stream counts
   * @param identity what this client says about itself
   * @param watchdogInterval time between two DWRs (RFC 3539's Twinit is 30 s)
   * @return the client once the peer answered the CER with DIAMETER_SUCCESS; errors with {@link
   *     DiameterPeerException} naming the Result-Code (and Failed-AVP) otherwise, the association
   *     then being closed
   */
  public static Mono<DiameterClient> connect(
      SctpClient sctp, PeerIdentity identity, Duration watchdogInterval) {
    return connect(sctp, identity, watchdogInterval, DiameterApplications.echo());
  }

  /**
   * As {@link #connect(SctpClient, PeerIdentity, Duration)}, advertising these applications in the
   * CER.
   *
   * @param sctp the SCTP client, with the peer's address and stream counts
   * @param identity what this client says about itself
   * @param watchdogInterval time between two DWRs (RFC 3539's Twinit is 30 s)
   * @param applications the applications advertised; a CEA of DIAMETER_SUCCESS that advertises
   *     applications, none in common with these (relay aside), fails the connection too
   * @return the client once the peer answered the CER with DIAMETER_SUCCESS and an application in
   *     common; errors with {@link DiameterPeerException} otherwise, the association then being
   *     closed
   */
  public static Mono<DiameterClient> connect(
      SctpClient sctp,
      PeerIdentity identity,
      Duration watchdogInterval,
      DiameterApplications applications) {
    Objects.requireNonNull(applications, "applications");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(watchdogInterval, "watchdogInterval");
    return sctp.connect()
        .flatMap(
            association -> {
              DiameterStatistics statistics = new DiameterStatistics();
              DiameterConnection connection =
                  new DiameterConnection(
                      association,
                      identity,
                      DiameterConnection.Role.CLIENT,
                      applications,
                      statistics);
              Sinks.Empty<Void> served = Sinks.empty();
              connection.serve().subscribe(null, served::tryEmitError, served::tryEmitEmpty);
              DiameterMessage cer =
                  DiameterMessage.localRequest(
                      Diameter.CAPABILITIES_EXCHANGE,
                      Diameter.COMMON_MESSAGES,
                      identity.capabilities(connection.localAddresses(), applications.ids()));
              return connection
                  .request(Diameter.BASE_STREAM, cer, ANSWER_TIMEOUT)
                  .map(
                      cea -> {
                        long result = cea.message().resultCode().orElse(-1L);
                        if (result != Diameter.SUCCESS) {
                          throw new DiameterPeerException(
                              "CER refused by "
                                  + connection.describePeer()
                                  + ": Result-Code "
                                  + result
                                  + cea.message()
                                      .avp(Diameter.FAILED_AVP)
                                      .map(
                                          f ->
                                              ", Failed-AVP "
                                                  + f.grouped().stream()
                                                      .map(a -> String.valueOf(a.code()))
                                                      .toList())
                                      .orElse("")
                                  + cea.message()
                                      .avp(Diameter.ERROR_MESSAGE)
                                      .map(e -> ", " + e.utf8())
                                      .orElse(""));
                        }
                        Set<Integer> offered = DiameterApplications.advertisedIn(cea.message());
                        if (!offered.isEmpty() && !applications.hasCommonWith(offered)) {
                          throw new DiameterPeerException(
                              "CEA from "
                                  + connection.describePeer()
                                  + " advertises applications "
                                  + DiameterApplications.describe(offered)
                                  + ", none of ours "
                                  + applications);
                        }
                        connection.opened(
                            cea.message().avp(Diameter.ORIGIN_HOST).map(Avp::utf8).orElse("?"));
                        DiameterClient client =
                            new DiameterClient(connection, statistics, cea.message());
                        served
                            .asMono()
                            .subscribe(
                                null,
                                e -> {
                                  client.fail(e);
                                  association.shutdown().subscribe();
                                },
                                client::ended);
                        client.startWatchdog(watchdogInterval);
                        return client;
                      })
                  .onErrorResume(e -> association.shutdown().then(Mono.error(e)));
            });
  }

  private void startWatchdog(Duration interval) {
    DiameterMessage dwr =
        DiameterMessage.localRequest(
            Diameter.DEVICE_WATCHDOG, Diameter.COMMON_MESSAGES, connection.originAvps());
    watchdog =
        Flux.interval(interval, interval)
            .onBackpressureDrop() // a tick while the previous DWR still waits for its DWA is
            // skipped, not queued
            .concatMap(tick -> connection.request(Diameter.BASE_STREAM, dwr, ANSWER_TIMEOUT))
            .subscribe(
                watchdogAnswers::tryEmitNext,
                e -> {
                  LOG.warn(
                      "device watchdog with {} failed; aborting the association",
                      connection.describePeer(),
                      e);
                  fail(e);
                  connection.sctp().abort();
                });
  }

  /**
   * Sends a request of the echo application, which the peer answers with the same AVPs and
   * DIAMETER_SUCCESS.
   *
   * @param streamId the SCTP stream to carry it, below the negotiated outbound streams
   * @param sessionId the Session-Id
   * @param avps further AVPs
   * @return the answer and the stream it came on; errors with {@link DiameterPeerException} naming
   *     the request
   */
  public Mono<DiameterReceived> echo(int streamId, String sessionId, List<Avp> avps) {
    List<Avp> all = new ArrayList<>();
    all.add(Avp.utf8(Diameter.SESSION_ID, sessionId));
    all.addAll(connection.originAvps());
    all.addAll(avps);
    return request(
        streamId,
        DiameterMessage.request(Diameter.EXPERIMENTAL_ECHO, Diameter.ECHO_APPLICATION, all));
  }

  /**
   * @param streamId the SCTP stream to carry the request
   * @param request any request; its Hop-by-Hop and End-to-End identifiers are assigned here
   * @return the answer and the stream it came on
   */
  public Mono<DiameterReceived> request(int streamId, DiameterMessage request) {
    return connection.request(streamId, request, ANSWER_TIMEOUT);
  }

  /**
   * Stops the watchdog, sends a DPR (Disconnect-Cause DO_NOT_WANT_TO_TALK_TO_YOU) on stream {@value
   * Diameter#BASE_STREAM}, waits for the DPA and shuts the association down.
   *
   * @return completes once the association is closed
   */
  public Mono<Void> disconnect() {
    return Mono.defer(
        () -> {
          stopWatchdog();
          List<Avp> avps = new ArrayList<>(connection.originAvps());
          avps.add(Avp.unsigned32(Diameter.DISCONNECT_CAUSE, Diameter.DO_NOT_WANT_TO_TALK_TO_YOU));
          return connection
              .request(
                  Diameter.BASE_STREAM,
                  DiameterMessage.localRequest(
                      Diameter.DISCONNECT_PEER, Diameter.COMMON_MESSAGES, avps),
                  ANSWER_TIMEOUT)
              .flatMap(
                  dpa ->
                      dpa.message().resultCode().orElse(-1L) == Diameter.SUCCESS
                          ? Mono.empty()
                          : Mono.error(
                              new DiameterPeerException(
                                  "DPA from "
                                      + connection.describePeer()
                                      + " has Result-Code "
                                      + dpa.message().resultCode().orElse(-1L))))
              .then(connection.sctp().shutdown())
              .then(onClose());
        });
  }

  /**
   * @return the CEA the peer answered with
   */
  public DiameterMessage capabilitiesAnswer() {
    return capabilitiesAnswer;
  }

  /**
   * @return the peer's Origin-Host from its CEA
   */
  public String peerOriginHost() {
    return connection.peerOriginHost();
  }

  /**
   * @return the DWAs received (the last 16 are replayed to a new subscriber), with their stream
   */
  public Flux<DiameterReceived> watchdogAnswers() {
    return watchdogAnswers.asFlux();
  }

  /**
   * @return what this client has answered and seen go wrong
   */
  public DiameterStatistics statistics() {
    return statistics;
  }

  /**
   * @return the SCTP association
   */
  public SctpConnection association() {
    return connection.sctp();
  }

  /**
   * @return completes when the association has ended; errors with {@link DiameterPeerException}
   *     when it ended because of a failure (malformed message, watchdog without answer)
   */
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  private void stopWatchdog() {
    Disposable w = watchdog;
    if (w != null) {
      w.dispose();
    }
  }

  private void fail(Throwable e) {
    stopWatchdog();
    closed.tryEmitError(e);
    watchdogAnswers.tryEmitError(e);
  }

  private void ended() {
    stopWatchdog();
    closed.tryEmitEmpty();
    watchdogAnswers.tryEmitComplete();
  }
}
