package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.channel.EpollSctpServerChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpAssocParams;
import io.reactorsctp.channel.SctpAuthKey;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpHmacAlgorithm;
import io.reactorsctp.channel.SctpNotification.AssociationChange;
import io.reactorsctp.channel.SctpNotification.AssociationState;
import io.reactorsctp.channel.SctpNotification.Authentication;
import io.reactorsctp.channel.SctpNotification.AuthenticationIndication;
import io.reactorsctp.channel.SctpNotification.SendFailed;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpRtoInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SCTP-AUTH (RFC 4895) on the wire: with a shared key on both ends every DATA chunk travels behind
 * an AUTH chunk (type 15) in the same packet, naming the key and HMAC-SHA-256 (3), both ways (the
 * server's accepted association inherits the listening socket's settings), and the INIT and
 * INIT-ACK carry RANDOM, CHUNKS and HMAC-ALGO; keys rotate; a key that does not exist is a typed
 * error that leaves the association up. A peer holding other bytes under the same key id gets
 * nothing through, and learns it when its association fails.
 */
class AuthWireTest {
  private static final byte[] SHARED = bytes("shared-secret-of-thirty-two-byte");
  private static final byte[] NEXT = bytes("the-next-shared-secret-for-keyid2");
  private static final byte[] WRONG = bytes("not-the-secret-but-the-same-id-1");
  private static final int PARAM_RANDOM = 0x8002;
  private static final int PARAM_CHUNKS = 0x8003;
  private static final int PARAM_HMAC_ALGO = 0x8004;
  private static final int AUTH = 15;
  private static final int HMAC_SHA256 = 3;

  @Test
  void dataTravelsBehindAnAuthChunkWithTheSharedKeyBothWays() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector atServer = new WireKit.Collector();
      WireKit.Collector atClient = new WireKit.Collector();
      CompletableFuture<EpollSctpChannel> accepted = new CompletableFuture<>();
      Channel server = server(kit, atServer, accepted, SHARED);
      try (WireCapture wire =
          WireCapture.start("auth", "lo", "sctp port " + WireKit.port(server))) {
        EpollSctpChannel client = client(kit, atClient, server, SHARED);
        client.writeAndFlush(SctpOutboundMessage.builder("hello").build()).sync();
        assertThat(atServer.next().text()).isEqualTo("hello");
        EpollSctpChannel child = accepted.get(WireKit.WAIT_SECONDS, TimeUnit.SECONDS);
        child.writeAndFlush(SctpOutboundMessage.builder("back").build()).sync();
        assertThat(atClient.next().text()).isEqualTo("back");
        assertThat(client.peerAuthChunks()).as("the server requires DATA").contains(0);

        // Rotation: key 2 on both ends, the client sends with it, the server hears of it.
        client.addAuthKey(SctpAuthKey.of(2, NEXT));
        child.addAuthKey(SctpAuthKey.of(2, NEXT));
        client.activateAuthKey(2);
        assertThat(client.activeAuthKey()).isEqualTo(2);
        client.writeAndFlush(SctpOutboundMessage.builder("rotated").build()).sync();
        assertThat(atServer.next().text()).isEqualTo("rotated");
        assertThat(atServer.next(Authentication.class, a -> a.keyId() == 2).indication())
            .isEqualTo(AuthenticationIndication.NEW_KEY);

        // A key id that does not exist, or the active key deleted: typed errors, association up.
        assertThatThrownBy(() -> client.activateAuthKey(99))
            .isInstanceOfSatisfying(
                InvalidSctpMessageException.class, e -> assertThat(e.field()).isEqualTo("keyId"))
            .hasMessageContaining("99")
            .hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> client.deleteAuthKey(2))
            .isInstanceOfSatisfying(
                InvalidSctpMessageException.class, e -> assertThat(e.field()).isEqualTo("keyId"))
            .hasMessageContaining("active key");
        client.deactivateAuthKey(1);
        assertThat(atClient.next(Authentication.class, a -> a.keyId() == 1).indication())
            .isEqualTo(AuthenticationIndication.FREE_KEY);
        client.deleteAuthKey(1);
        client.writeAndFlush(SctpOutboundMessage.builder("still up").build()).sync();
        assertThat(atServer.next().text()).isEqualTo("still up");

        List<WireChunk> chunks = wire.stop();
        for (int type : new int[] {WireChunk.INIT, WireChunk.INIT_ACK}) {
          WireChunk init = only(chunks, type);
          assertThat(init.all("sctp.parameter_type"))
              .extracting(Long::decode)
              .as("%s", init)
              .contains((long) PARAM_RANDOM, (long) PARAM_CHUNKS, (long) PARAM_HMAC_ALGO);
          assertThat(init.all("sctp.chunk_type_to_auth")).extracting(Long::decode).contains(0L);
          assertThat(init.all("sctp.hmac_id"))
              .extracting(Long::decode)
              .as("SHA-256 first, SHA-1 as RFC 4895 requires")
              .containsExactly((long) HMAC_SHA256, 1L);
        }
        int serverPort = WireKit.port(server);
        assertThat(keysBeforeData(chunks, c -> c.destinationPort() == serverPort))
            .as("client to server: key 1, then key 2 after the rotation")
            .containsExactly(1, 2, 2);
        assertThat(keysBeforeData(chunks, c -> c.sourcePort() == serverPort))
            .as("the accepted association authenticates its DATA too")
            .containsExactly(1);
      }
    }
  }

  @Test
  void aPeerWithTheWrongKeyGetsNothingThroughAndItsAssociationFails() throws Exception {
    try (WireKit kit = new WireKit()) {
      WireKit.Collector atServer = new WireKit.Collector();
      WireKit.Collector atClient = new WireKit.Collector();
      Channel server = server(kit, atServer, new CompletableFuture<>(), SHARED);
      try (WireCapture wire =
          WireCapture.start("auth-wrong-key", "lo", "sctp port " + WireKit.port(server))) {
        Channel client =
            bootstrap(kit, atClient, WRONG)
                // Fail fast: the retransmissions run out in well under a second.
                .option(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(100, 200, 100))
                .option(SctpChannelOptions.SCTP_ASSOCINFO, new SctpAssocParams(2, 0))
                .connect(server.localAddress())
                .sync()
                .channel();
        client.writeAndFlush(SctpOutboundMessage.builder("forged").build()).sync();

        assertThat(
                atClient.next(
                    AssociationChange.class, c -> c.state() == AssociationState.COMMUNICATION_LOST))
            .isNotNull();
        SendFailed failed = atClient.next(SendFailed.class, f -> true);
        assertThat(new String(failed.payload(), StandardCharsets.UTF_8)).isEqualTo("forged");
        assertThat(failed.sent()).as("sent, never acknowledged").isTrue();
        // Every retransmission is over: the server's kernel discarded each copy.
        assertThat(atServer.messages).isEmpty();

        List<WireChunk> chunks = wire.stop();
        assertThat(keysBeforeData(chunks, c -> c.destinationPort() == WireKit.port(server)))
            .as("the original and its retransmissions, all authenticated, with key 1")
            .hasSizeGreaterThanOrEqualTo(2)
            .containsOnly(1);
      }
    }
  }

  @Test
  void keyMaterialIsNeverShown() {
    SctpAuthKey key = SctpAuthKey.of(7, SHARED);
    String hex = HexFormat.of().formatHex(SHARED);
    for (String shown :
        List.of(
            key.toString(),
            String.valueOf(List.of(key)),
            new Authentication(1, AuthenticationIndication.NEW_KEY, 7, 0).toString())) {
      assertThat(shown)
          .doesNotContain(new String(SHARED, StandardCharsets.UTF_8))
          .doesNotContain(hex)
          .doesNotContain(Arrays.toString(SHARED));
    }
    assertThat(key.toString()).isEqualTo("SctpAuthKey[id=7, 32 bytes]");
    assertThatThrownBy(() -> SctpAuthKey.of(1, new byte[0]))
        .isInstanceOfSatisfying(
            InvalidSctpMessageException.class, e -> assertThat(e.field()).isEqualTo("key"));
    assertThatThrownBy(() -> SctpAuthKey.of(65536, SHARED))
        .isInstanceOfSatisfying(
            InvalidSctpMessageException.class, e -> assertThat(e.field()).isEqualTo("keyId"));
  }

  /**
   * The shared key id of the AUTH chunk right before each DATA chunk, in order; fails when a DATA
   * chunk is not preceded by an AUTH chunk with HMAC-SHA-256 in the same packet.
   */
  private static List<Integer> keysBeforeData(
      List<WireChunk> chunks, java.util.function.Predicate<WireChunk> direction) {
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      WireChunk data = chunks.get(i);
      if (data.type() != WireChunk.DATA || !direction.test(data)) {
        continue;
      }
      WireChunk auth = i > 0 ? chunks.get(i - 1) : null;
      assertThat(auth != null && auth.type() == AUTH && auth.frame() == data.frame())
          .as("an AUTH chunk right before %s in its packet (before it: %s)", data, auth)
          .isTrue();
      assertThat(auth.number("sctp.hmac_id")).as("%s", auth).isEqualTo(HMAC_SHA256);
      keys.add((int) auth.number("sctp.shared_key_id"));
    }
    return keys;
  }

  private static WireChunk only(List<WireChunk> chunks, int type) {
    List<WireChunk> of = chunks.stream().filter(c -> c.type() == type).toList();
    assertThat(of).as("chunk type %d", type).hasSize(1);
    return of.getFirst();
  }

  private static Channel server(
      WireKit kit,
      WireKit.Collector collector,
      CompletableFuture<EpollSctpChannel> accepted,
      byte[] key)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(kit.group)
        .channel(EpollSctpServerChannel.class)
        .option(SctpChannelOptions.SCTP_AUTH_CHUNKS, List.of(WireChunk.DATA))
        .option(
            SctpChannelOptions.SCTP_HMAC_IDENT,
            List.of(SctpHmacAlgorithm.SHA256, SctpHmacAlgorithm.SHA1))
        .option(SctpChannelOptions.SCTP_AUTH_KEY, SctpAuthKey.of(1, key))
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(collector);
                accepted.complete((EpollSctpChannel) ch);
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  private static Bootstrap bootstrap(WireKit kit, WireKit.Collector collector, byte[] key) {
    return new Bootstrap()
        .group(kit.group)
        .channel(EpollSctpChannel.class)
        .option(SctpChannelOptions.SCTP_AUTH_CHUNKS, List.of(WireChunk.DATA))
        .option(
            SctpChannelOptions.SCTP_HMAC_IDENT,
            List.of(SctpHmacAlgorithm.SHA256, SctpHmacAlgorithm.SHA1))
        .option(SctpChannelOptions.SCTP_AUTH_KEY, SctpAuthKey.of(1, key))
        .handler(collector);
  }

  private static EpollSctpChannel client(
      WireKit kit, WireKit.Collector collector, Channel server, byte[] key)
      throws InterruptedException {
    return (EpollSctpChannel)
        bootstrap(kit, collector, key).connect(server.localAddress()).sync().channel();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
