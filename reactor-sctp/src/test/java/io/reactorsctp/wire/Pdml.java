package io.reactorsctp.wire;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads tshark's PDML (its XML of every dissected field): in each packet, the IP addresses, the
 * SCTP common header, and one {@link WireChunk} per chunk subtree (the unnamed fields under the
 * {@code sctp} protocol that hold a {@code sctp.chunk_type}); for SCTP inside UDP, the outer {@code
 * udp.srcport} and {@code udp.dstport} are added to each chunk's fields.
 */
final class Pdml {

  static List<WireChunk> chunks(Path pdml) throws IOException {
    Element root;
    try {
      root =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(pdml.toFile())
              .getDocumentElement();
    } catch (Exception e) {
      throw new IOException("unreadable PDML " + pdml, e);
    }
    List<WireChunk> out = new ArrayList<>();
    double firstTime = Double.NaN;
    for (Element packet : children(root, "packet")) {
      Map<String, List<String>> header = new LinkedHashMap<>();
      Element sctp = null;
      // tshark 4.0 shows each I-DATA chunk after a packet's first in an sctp proto of its own,
      // without the common header: those continue the packet.
      List<Element> continued = new ArrayList<>();
      for (Element proto : children(packet, "proto")) {
        String name = proto.getAttribute("name");
        // The first (outer) IP and SCTP headers; an ICMP error quoting a packet carries inner
        // copies.
        if ((name.equals("ip") || name.equals("ipv6") || name.equals("frame") || name.equals("udp"))
            && !header.containsKey(name)) {
          header.put(name, List.of());
          collect(proto, header, new LinkedHashMap<>());
        } else if (name.equals("sctp") && sctp == null) {
          sctp = proto;
        } else if (name.equals("sctp") && !hasField(proto, "sctp.srcport")) {
          continued.add(proto);
        }
      }
      if (sctp == null) {
        continue;
      }
      double time = Double.parseDouble(first(header, "frame.time_epoch"));
      if (Double.isNaN(firstTime)) {
        firstTime = time;
      }
      int frame = Integer.parseInt(first(header, "frame.number"));
      String src =
          header.containsKey("ip.src") ? first(header, "ip.src") : first(header, "ipv6.src");
      String dst =
          header.containsKey("ip.dst") ? first(header, "ip.dst") : first(header, "ipv6.dst");
      Map<String, List<String>> common = new LinkedHashMap<>();
      for (Element f : children(sctp, "field")) {
        if (!f.getAttribute("name").isEmpty()) {
          common
              .computeIfAbsent(f.getAttribute("name"), k -> new ArrayList<>())
              .add(f.getAttribute("show"));
        }
      }
      List<Element> chunks = new ArrayList<>(children(sctp, "field"));
      for (Element part : continued) {
        chunks.addAll(children(part, "field"));
      }
      for (Element chunk : chunks) {
        if (!chunk.getAttribute("name").isEmpty()) {
          continue;
        }
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Map<String, List<String>> raw = new LinkedHashMap<>();
        collect(chunk, shown, raw);
        // SCTP carried in UDP (RFC 6951): the outer UDP ports go with each of its chunks.
        for (String udp : List.of("udp.srcport", "udp.dstport")) {
          if (header.containsKey(udp)) {
            shown.put(udp, header.get(udp));
          }
        }
        if (!shown.containsKey("sctp.chunk_type")) {
          continue;
        }
        out.add(
            new WireChunk(
                frame,
                time - firstTime,
                src,
                dst,
                Integer.parseInt(first(common, "sctp.srcport")),
                Integer.parseInt(first(common, "sctp.dstport")),
                Long.decode(first(common, "sctp.verification_tag")),
                Integer.parseInt(first(shown, "sctp.chunk_type")),
                Integer.decode(first(shown, "sctp.chunk_flags")),
                shown,
                raw));
      }
    }
    return out;
  }

  private static void collect(
      Element e, Map<String, List<String>> shown, Map<String, List<String>> raw) {
    for (Element f : children(e, "field")) {
      String name = f.getAttribute("name");
      if (!name.isEmpty()) {
        shown.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getAttribute("show"));
        raw.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getAttribute("value"));
      }
      collect(f, shown, raw);
    }
  }

  private static boolean hasField(Element proto, String name) {
    return children(proto, "field").stream().anyMatch(f -> f.getAttribute("name").equals(name));
  }

  private static String first(Map<String, List<String>> fields, String name) {
    List<String> all = fields.get(name);
    if (all == null || all.isEmpty()) {
      throw new IllegalStateException("tshark gave no " + name);
    }
    return all.getFirst();
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  private Pdml() {}
}
