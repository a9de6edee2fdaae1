package io.reactorsctp.examples.diameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Diameter applications a node supports, which it advertises in its CER or CEA and which decide
 * whether it has an application in common with a peer (RFC 6733 §5.3). The relay application
 * ({@link Diameter#RELAY_APPLICATION}, 0xFFFFFFFF) is in common with anything, on either side.
 *
 * <pre>{@code
 * new DiameterServer(identity, DiameterApplications.of(Diameter.ECHO_APPLICATION, 16777251));
 * new DiameterServer(identity, DiameterApplications.relay());
 * }</pre>
 *
 * @param ids the Application-Ids, read as unsigned 32-bit numbers, in the order they are advertised
 */
public record DiameterApplications(Set<Integer> ids) {

  /** Requires at least one application, none of them 0. */
  public DiameterApplications {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException(
          "applicationIds: empty; a Diameter node advertises at least one application (or the relay"
              + " application 4294967295)");
    }
    ids = Collections.unmodifiableSet(new LinkedHashSet<>(ids));
    if (ids.contains(null)) {
      throw new IllegalArgumentException("applicationIds: contains null");
    }
    if (ids.contains(Diameter.COMMON_MESSAGES)) {
      throw new IllegalArgumentException(
          "applicationIds: 0 is the base protocol's common messages, which every node supports and"
              + " none advertises");
    }
  }

  /**
   * @param ids Application-Ids (unsigned: 0xFFFFFFFF, i.e. -1, is the relay application)
   * @return these applications, in this order
   */
  public static DiameterApplications of(int... ids) {
    Set<Integer> set = new LinkedHashSet<>();
    for (int id : ids) {
      set.add(id);
    }
    return new DiameterApplications(set);
  }

  /**
   * @return the relay application alone: in common with every peer
   */
  public static DiameterApplications relay() {
    return of(Diameter.RELAY_APPLICATION);
  }

  /**
   * @return this example's echo application alone, the default of the server and client
   */
  public static DiameterApplications echo() {
    return of(Diameter.ECHO_APPLICATION);
  }

  /**
   * @param peer the applications a peer advertised
   * @return whether the two sides have an application in common: one in both sets, or the relay
   *     application on either side
   */
  public boolean hasCommonWith(Set<Integer> peer) {
    if (ids.contains(Diameter.RELAY_APPLICATION) || peer.contains(Diameter.RELAY_APPLICATION)) {
      return true;
    }
    return peer.stream().anyMatch(ids::contains);
  }

  /**
   * @param message a CER or CEA
   * @return the Application-Ids it advertises: Auth-Application-Id, Acct-Application-Id and those
   *     inside Vendor-Specific-Application-Id (whose Vendor-Id RFC 6733 §5.3 says not to compare)
   */
  static Set<Integer> advertisedIn(DiameterMessage message) {
    List<Avp> candidates = new ArrayList<>(message.avps());
    for (Avp a : message.avps()) {
      if (a.code() == Diameter.VENDOR_SPECIFIC_APPLICATION_ID && !a.isVendorSpecific()) {
        candidates.addAll(a.grouped());
      }
    }
    Set<Integer> ids = new LinkedHashSet<>();
    for (Avp a : candidates) {
      if (!a.isVendorSpecific()
          && (a.code() == Diameter.AUTH_APPLICATION_ID
              || a.code() == Diameter.ACCT_APPLICATION_ID)) {
        ids.add((int) a.unsigned32());
      }
    }
    return ids;
  }

  /**
   * @param ids Application-Ids
   * @return them as unsigned numbers, the relay application by name
   */
  static String describe(Set<Integer> ids) {
    return ids.stream()
        .map(
            id ->
                id == Diameter.RELAY_APPLICATION
                    ? "relay (4294967295)"
                    : Integer.toUnsignedString(id))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public String toString() {
    return describe(ids);
  }
}
