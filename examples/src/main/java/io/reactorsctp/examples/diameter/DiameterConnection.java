package io.reactorsctp.examples.diameter;

import static io.reactorsctp.channel.SctpNotification.AssociationState.COMMUNICATION_UP;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpNotification;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.reactive.SctpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

/**
 * The Diameter base protocol on one SCTP association, for either end: sends requests and matches
 * their answers by hop-by-hop identifier, answers the peer's base requests (CER on the server side,
 * DWR and DPR on both) and the echo application's requests, each on the stream its request came on.
 * Every failure names the peer, the command, the hop-by-hop identifier and the stream.
 */
final class DiameterConnection {

  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(DiameterConnection.class);

  /** Which end of the capabilities exchange this is. */
  enum Role {
    CLIENT,
    SERVER
  }

  private final SctpConnection sctp;
  private final PeerIdentity local;
  private final Role role;
  private final DiameterApplications applications;
  private final DiameterStatistics statistics;
  private final Map<Integer, Sinks.One<DiameterReceived>> pending = new ConcurrentHashMap<>();
  // Requests whose waiter left before the answer (cancelled, as the watchdog's in-flight DWR when
  // disconnect() stops it, or timed out): their late answers are discarded (RFC 6733 §6.2), not
  // counted as the peer's failure.
  private final Set<Integer> abandoned = ConcurrentHashMap.newKeySet();
  private final AtomicInteger nextHopByHop =
      new AtomicInteger(ThreadLocalRandom.current().nextInt());
  // RFC 6733 §3: the high 12 bits of the End-to-End Identifier come from the clock, the low 20 bits
  // count.
  private final AtomicInteger nextEndToEnd =
      new AtomicInteger(
          (int) (System.currentTimeMillis() / 1000) << 20
              | ThreadLocalRandom.current().nextInt(1 << 16));
  private final AtomicBoolean unspecifiedPpidLogged = new AtomicBoolean();
  // The last thing the kernel said about the association's end (association change or ERROR
  // chunk), so that a request losing its answer can say why the association ended.
  private final AtomicReference<SctpNotification> lastEndEvent = new AtomicReference<>();
  private final AtomicReference<Throwable> serveError = new AtomicReference<>();
  private volatile boolean closeAfterAnswer;
  private volatile String peerOriginHost;
  private volatile boolean open;

  DiameterConnection(
      SctpConnection sctp,
      PeerIdentity local,
      Role role,
      DiameterApplications applications,
      DiameterStatistics statistics) {
    this.sctp = sctp;
    this.local = local;
    this.role = role;
    this.applications = applications;
    this.statistics = statistics;
    sctp.notifications()
        .filter(n -> !(n instanceof AssociationChange c && c.state() == COMMUNICATION_UP))
        .filter(n -> n instanceof AssociationChange || n instanceof SctpNotification.RemoteError)
        .subscribe(lastEndEvent::set);
  }

  SctpConnection sctp() {
    return sctp;
  }

  /**
   * @return the peer's Origin-Host once the capabilities exchange has told it, else null
   */
  String peerOriginHost() {
    return peerOriginHost;
  }

  void opened(String originHost) {
    peerOriginHost = originHost;
    open = true;
  }

  /**
   * @return what a log line needs to find this association: local and remote address, peer identity
   */
  String describePeer() {
    InetSocketAddress remote = sctp.remoteAddress();
    return (peerOriginHost != null ? peerOriginHost + " at " : "peer at ") + remote;
  }

  private String describe(DiameterMessage m, int stream) {
    return m.name()
        + " (hop-by-hop 0x"
        + Integer.toHexString(m.hopByHop())
        + ", stream "
        + stream
        + ") "
        + (m.isRequest() ? "to/from " : "for ")
        + describePeer();
  }

  /**
   * Reads the association until it ends, answering the peer's requests and completing pending
   * requests.
   *
   * @return completes when the association ends; errors with {@link DiameterPeerException} on a
   *     malformed or unexpected message (the association is then closed by whoever subscribed)
   */
  Mono<Void> serve() {
    return sctp.inbound()
        .receive()
        .concatMap(this::onMessage)
        .then()
        .doOnError(serveError::set)
        .doFinally(signal -> failPending(whyEnded(signal)));
  }

  /**
   * @return why the association ended, as far as this end knows: its own failure, or what the
   *     kernel last reported (association change with its error cause and abort reason, or the
   *     peer's ERROR chunk)
   */
  private String whyEnded(SignalType signal) {
    Throwable failure = serveError.get();
    if (failure instanceof DiameterPeerException) {
      return "this end closed the association after " + failure.getMessage();
    }
    if (signal == SignalType.CANCEL) {
      return "this end stopped reading the association";
    }
    String kernel =
        switch (lastEndEvent.get()) {
          case null -> "no association change reported";
          case AssociationChange c ->
              c.state()
                  + (c.error() != 0 ? ", error cause " + c.error() : "")
                  + c.abortReason()
                      .map(r -> ", abort reason \"" + new String(r, StandardCharsets.UTF_8) + "\"")
                      .orElse("");
          case SctpNotification other -> "the peer's " + other;
        };
    // A transport failure (e.g. ECONNRESET when the peer aborted) says what the socket saw.
    return "the association ended: "
        + (failure != null ? failure.getMessage() + "; " : "")
        + kernel;
  }

  private Mono<Void> onMessage(SctpInboundMessage in) {
    DiameterReceived received;
    try {
      if (in.ppid() == Diameter.UNSPECIFIED_PPID) {
        // RFC 9260 §3.3.1: ppid 0 means "unspecified"; real stacks (freeDiameter) send it.
        statistics.unspecifiedPpidMessages.incrementAndGet();
        if (unspecifiedPpidLogged.compareAndSet(false, true)) {
          LOG.info(
              "{} sends Diameter with ppid 0 (unspecified) rather than {}: accepted, counted in"
                  + " unspecifiedPpidMessages",
              describePeer(),
              Diameter.PPID);
        }
      } else if (in.ppid() != Diameter.PPID) {
        throw new DiameterPeerException(
            "message with ppid "
                + Integer.toUnsignedString(in.ppid())
                + " on stream "
                + in.streamId()
                + " from "
                + describePeer()
                + ", where Diameter uses ppid "
                + Diameter.PPID
                + " (or 0, unspecified)");
      }
      try {
        received = new DiameterReceived(DiameterCodec.decode(in.content()), in.streamId());
      } catch (MalformedDiameterException e) {
        throw new DiameterPeerException(
            "malformed Diameter message on stream " + in.streamId() + " from " + describePeer(), e);
      }
    } catch (DiameterPeerException e) {
      statistics.failures.incrementAndGet();
      return Mono.error(e);
    } finally {
      in.release();
    }
    DiameterMessage m = received.message();
    if (!m.isRequest()) {
      Sinks.One<DiameterReceived> waiting = pending.remove(m.hopByHop());
      if (waiting == null && abandoned.remove(m.hopByHop())) {
        LOG.debug(
            "late answer {} to a request no longer waited for: discarded",
            describe(m, received.streamId()));
      } else if (waiting == null) {
        statistics.failures.incrementAndGet();
        LOG.warn(
            "unexpected answer {}: no request pending with this hop-by-hop identifier",
            describe(m, received.streamId()));
      } else {
        waiting.tryEmitValue(received);
      }
      return Mono.empty();
    }
    return answer(received)
        .flatMap(a -> send(received.streamId(), a))
        .doOnSuccess(
            sent -> {
              if (closeAfterAnswer) {
                // Not awaited: the shutdown ends the inbound side, which ends serve().
                sctp.shutdown()
                    .subscribe(null, e -> LOG.debug("shutdown of {}", describePeer(), e));
              }
            });
  }

  private Mono<DiameterMessage> answer(DiameterReceived received) {
    DiameterMessage request = received.message();
    if (request.commandCode() == Diameter.CAPABILITIES_EXCHANGE && role == Role.SERVER) {
      return Mono.fromSupplier(() -> capabilitiesAnswer(received));
    }
    if (!open) {
      return Mono.just(request.errorAnswer(resultAvps(Diameter.UNKNOWN_PEER)));
    }
    switch (request.commandCode()) {
      case Diameter.DEVICE_WATCHDOG -> {
        statistics.watchdogRequests.incrementAndGet();
        List<Avp> avps = resultAvps(Diameter.SUCCESS);
        avps.add(Avp.unsigned32(Diameter.ORIGIN_STATE_ID, local.originStateId()));
        return Mono.just(request.answer(avps));
      }
      case Diameter.DISCONNECT_PEER -> {
        // RFC 6733 §5.4: the sender of the DPR closes the association once it has the DPA.
        statistics.disconnectRequests.incrementAndGet();
        return Mono.just(request.answer(resultAvps(Diameter.SUCCESS)));
      }
      case Diameter.EXPERIMENTAL_ECHO -> {
        statistics.echoRequests.incrementAndGet();
        List<Avp> avps = resultAvps(Diameter.SUCCESS);
        request.avps().stream()
            .filter(a -> a.code() != Diameter.ORIGIN_HOST && a.code() != Diameter.ORIGIN_REALM)
            .forEach(avps::add);
        return Mono.just(request.answer(avps));
      }
      default -> {
        return Mono.just(request.errorAnswer(resultAvps(Diameter.COMMAND_UNSUPPORTED)));
      }
    }
  }

  private DiameterMessage capabilitiesAnswer(DiameterReceived received) {
    DiameterMessage cer = received.message();
    for (int code :
        new int[] {
          Diameter.ORIGIN_HOST,
          Diameter.ORIGIN_REALM,
          Diameter.HOST_IP_ADDRESS,
          Diameter.VENDOR_ID,
          Diameter.PRODUCT_NAME
        }) {
      if (cer.avp(code).isEmpty()) {
        statistics.failures.incrementAndGet();
        LOG.warn(
            "CER (hop-by-hop 0x{}, stream {}) from {} lacks AVP {}: answering DIAMETER_MISSING_AVP",
            Integer.toHexString(cer.hopByHop()),
            received.streamId(),
            describePeer(),
            code);
        List<Avp> avps = resultAvps(Diameter.MISSING_AVP);
        avps.add(
            Avp.grouped(
                Diameter.FAILED_AVP, List.of(new Avp(code, Avp.FLAG_MANDATORY, 0, new byte[0]))));
        return cer.answer(avps);
      }
    }
    Set<Integer> offered = DiameterApplications.advertisedIn(cer);
    List<Avp> avps = new ArrayList<>();
    if (!applications.hasCommonWith(offered)) {
      // RFC 6733 §5.3: answer DIAMETER_NO_COMMON_APPLICATION and disconnect the transport.
      statistics.failures.incrementAndGet();
      LOG.warn(
          "CER (hop-by-hop 0x{}, stream {}) from {} advertises applications {}, none of ours {}:"
              + " answering DIAMETER_NO_COMMON_APPLICATION and closing the association",
          Integer.toHexString(cer.hopByHop()),
          received.streamId(),
          describePeer(),
          DiameterApplications.describe(offered),
          applications);
      closeAfterAnswer = true;
      avps.add(Avp.unsigned32(Diameter.RESULT_CODE, Diameter.NO_COMMON_APPLICATION));
    } else {
      statistics.capabilitiesExchanges.incrementAndGet();
      opened(cer.avp(Diameter.ORIGIN_HOST).orElseThrow().utf8());
      avps.add(Avp.unsigned32(Diameter.RESULT_CODE, Diameter.SUCCESS));
    }
    avps.addAll(local.capabilities(localAddresses(), applications.ids()));
    return cer.answer(avps);
  }

  /**
   * @return Origin-Host and Origin-Realm of this end, which every base message carries
   */
  List<Avp> originAvps() {
    return local.origin();
  }

  /**
   * @return the association's local addresses, for Host-IP-Address
   */
  List<InetAddress> localAddresses() {
    return sctp.channel().allLocalAddresses().stream().map(InetSocketAddress::getAddress).toList();
  }

  private List<Avp> resultAvps(long resultCode) {
    List<Avp> avps = new ArrayList<>();
    avps.add(Avp.unsigned32(Diameter.RESULT_CODE, resultCode));
    avps.addAll(local.origin());
    return avps;
  }

  /**
   * Sends a request with fresh identifiers and waits for its answer.
   *
   * @param stream the SCTP stream
   * @param request the request (its identifiers are replaced)
   * @param timeout how long to wait for the answer
   * @return the answer and the stream it came on; errors with {@link DiameterPeerException} naming
   *     the request
   */
  Mono<DiameterReceived> request(int stream, DiameterMessage request, Duration timeout) {
    return Mono.defer(
        () -> {
          DiameterMessage m =
              request.withIdentifiers(
                  nextHopByHop.getAndIncrement(), nextEndToEnd.getAndIncrement());
          Sinks.One<DiameterReceived> answer = Sinks.one();
          pending.put(m.hopByHop(), answer);
          return send(stream, m)
              .then(answer.asMono())
              .timeout(
                  timeout,
                  Mono.error(
                      () ->
                          new DiameterPeerException(
                              "no answer to " + describe(m, stream) + " within " + timeout)))
              .doFinally(
                  signal -> {
                    if (pending.remove(m.hopByHop()) != null) {
                      abandoned.add(m.hopByHop());
                    }
                  });
        });
  }

  /**
   * @param stream the SCTP stream
   * @param message the message
   * @return completes once the kernel has the message; errors with {@link DiameterPeerException}
   *     naming it
   */
  Mono<Void> send(int stream, DiameterMessage message) {
    return sctp.outbound()
        .send(
            Mono.fromCallable(
                () ->
                    SctpOutboundMessage.builder(
                            DiameterCodec.encode(message, sctp.channel().alloc()))
                        .streamId(stream)
                        .ppid(Diameter.PPID)
                        .build()))
        .onErrorMap(
            e -> {
              statistics.failures.incrementAndGet();
              return new DiameterPeerException("could not send " + describe(message, stream), e);
            });
  }

  private void failPending(String why) {
    for (Integer hopByHop : List.copyOf(pending.keySet())) {
      Sinks.One<DiameterReceived> waiting = pending.remove(hopByHop);
      if (waiting != null) {
        String lost =
            "request with hop-by-hop 0x"
                + Integer.toHexString(hopByHop)
                + " to "
                + describePeer()
                + " got no answer: "
                + why;
        LOG.warn(lost);
        waiting.tryEmitError(new DiameterPeerException(lost));
      }
    }
  }
}
