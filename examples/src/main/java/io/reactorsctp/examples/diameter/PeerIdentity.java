package io.reactorsctp.examples.diameter;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a Diameter node says about itself in CER/CEA, DWR/DWA and DPR/DPA (RFC 6733 §5.3.1).
 *
 * @param originHost the node's DiameterIdentity (Origin-Host)
 * @param originRealm its realm (Origin-Realm)
 * @param vendorId its vendor's IANA enterprise number (Vendor-Id; 0 when none)
 * @param productName its product name (Product-Name)
 * @param originStateId a number that changes whenever the node restarts (Origin-State-Id)
 */
public record PeerIdentity(
    String originHost, String originRealm, long vendorId, String productName, long originStateId) {

  /** Requires every field. */
  public PeerIdentity {
    Objects.requireNonNull(originHost, "originHost");
    Objects.requireNonNull(originRealm, "originRealm");
    Objects.requireNonNull(productName, "productName");
  }

  /**
   * @param originHost the node's DiameterIdentity
   * @param originRealm its realm
   * @return an identity with Vendor-Id 0, Product-Name "reactor-sctp" and an Origin-State-Id from
   *     the clock
   */
  public static PeerIdentity of(String originHost, String originRealm) {
    return new PeerIdentity(
        originHost,
        originRealm,
        0,
        "reactor-sctp",
        (System.currentTimeMillis() / 1000) & 0xFFFF_FFFFL);
  }

  /**
   * @return Origin-Host and Origin-Realm, which every base message carries
   */
  List<Avp> origin() {
    return List.of(
        Avp.utf8(Diameter.ORIGIN_HOST, originHost), Avp.utf8(Diameter.ORIGIN_REALM, originRealm));
  }

  /**
   * @param hostAddresses the local addresses of the association (Host-IP-Address, one per address)
   * @param applicationIds the applications advertised (one Auth-Application-Id each)
   * @return the AVPs of a CER or CEA after the Result-Code
   */
  List<Avp> capabilities(List<InetAddress> hostAddresses, Collection<Integer> applicationIds) {
    List<Avp> avps = new ArrayList<>(origin());
    for (InetAddress a : hostAddresses) {
      avps.add(Avp.address(Diameter.HOST_IP_ADDRESS, a));
    }
    avps.add(Avp.unsigned32(Diameter.VENDOR_ID, vendorId));
    // RFC 6733 §5.3.7: the M bit of Product-Name must be clear.
    avps.add(new Avp(Diameter.PRODUCT_NAME, 0, 0, productName.getBytes(StandardCharsets.UTF_8)));
    avps.add(Avp.unsigned32(Diameter.ORIGIN_STATE_ID, originStateId));
    for (int id : applicationIds) {
      avps.add(Avp.unsigned32(Diameter.AUTH_APPLICATION_ID, Integer.toUnsignedLong(id)));
    }
    return avps;
  }
}
