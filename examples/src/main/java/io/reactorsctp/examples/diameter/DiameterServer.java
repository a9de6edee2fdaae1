package io.reactorsctp.examples.diameter;

import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpInbound;
import io.reactorsctp.reactive.SctpOutbound;
import io.reactorsctp.reactive.SctpServer;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The server side of the Diameter base protocol, as an {@link SctpServer} handler: for each
 * association it answers the CER (checking Origin-Host, Origin-Realm, Host-IP-Address, Vendor-Id
 * and Product-Name, else DIAMETER_MISSING_AVP with a Failed-AVP; then the applications, else
 * DIAMETER_NO_COMMON_APPLICATION and a shutdown), then DWRs, DPRs and the echo application's
 * requests, each answer on the stream of its request.
 *
 * <pre>{@code
 * DiameterServer diameter = new DiameterServer(PeerIdentity.of("server.example.org", "example.org"));
 * DisposableSctpServer server = SctpServer.create().bindAddress("127.0.0.1", Diameter.PORT).streams(8, 8)
 *     .handle(diameter).bindNow();
 * }</pre>
 *
 * <p>Messages may come with SCTP ppid 46 or 0 (unspecified, which freeDiameter sends); the latter
 * are counted in {@link DiameterStatistics#unspecifiedPpidMessages()}. An association ends when the
 * peer closes it (after its DPR has been answered) or when it sends something that is not Diameter;
 * the latter is logged by {@link SctpServer} with a {@link DiameterPeerException} naming the peer,
 * the stream and the malformed field.
 */
public final class DiameterServer
    implements BiFunction<SctpInbound, SctpOutbound, Publisher<Void>> {

  private final PeerIdentity identity;
  private final DiameterApplications applications;
  private final DiameterStatistics statistics = new DiameterStatistics();

  /**
   * A server supporting this example's echo application alone.
   *
   * @param identity what this server says about itself in its answers
   */
  public DiameterServer(PeerIdentity identity) {
    this(identity, DiameterApplications.echo());
  }

  /**
   * @param identity what this server says about itself in its answers
   * @param applications the applications it advertises in its CEAs; a CER with none of them (and no
   *     relay application on either side) is answered DIAMETER_NO_COMMON_APPLICATION and its
   *     association shut down (RFC 6733 §5.3)
   */
  public DiameterServer(PeerIdentity identity, DiameterApplications applications) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.applications = Objects.requireNonNull(applications, "applications");
  }

  @Override
  public Mono<Void> apply(SctpInbound in, SctpOutbound out) {
    // An SctpServer association is one-to-one: its connection is an SctpConnection, with its
    // channel.
    return new DiameterConnection(
            (SctpConnection) in.connection(),
            identity,
            DiameterConnection.Role.SERVER,
            applications,
            statistics)
        .serve();
  }

  /**
   * @return what the server has answered and refused so far, over all associations
   */
  public DiameterStatistics statistics() {
    return statistics;
  }
}
