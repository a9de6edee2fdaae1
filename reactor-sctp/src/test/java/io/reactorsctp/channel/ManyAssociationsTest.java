package io.reactorsctp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One one-to-many endpoint serving 200 associations on a real kernel, half from one-to-one clients
 * and half from one-to-many clients that set their association up implicitly: every message arrives
 * once, in order per stream, on the association it was sent on, and every answer routed by
 * association id reaches the client that asked.
 */
class ManyAssociationsTest {

  private static final int ONE_TO_ONE_CLIENTS = 100;
  private static final int ONE_TO_MANY_CLIENTS = 100;
  private static final int STREAMS = 3;
  private static final int PER_STREAM = 5;

  private final SctpTestKit kit = new SctpTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** What the endpoint read on each association: "client/stream/seq" texts in arrival order. */
  static final class PerAssociation extends ChannelInboundHandlerAdapter {
    final Map<Integer, List<String>> byAssociation = new ConcurrentHashMap<>();
    final Map<Integer, List<Integer>> streamsByAssociation = new ConcurrentHashMap<>();
    final CountDownLatch all;

    PerAssociation(int expected) {
      all = new CountDownLatch(expected);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        byAssociation
            .computeIfAbsent(m.associationId(), id -> new ArrayList<>())
            .add(m.content().toString(StandardCharsets.UTF_8));
        streamsByAssociation
            .computeIfAbsent(m.associationId(), id -> new ArrayList<>())
            .add(m.streamId());
        all.countDown();
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  /** What a client read: the endpoint's answers. */
  static final class Answers extends ChannelInboundHandlerAdapter {
    final List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch one = new CountDownLatch(1);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SctpInboundMessage m = (SctpInboundMessage) msg;
      try {
        texts.add(m.content().toString(StandardCharsets.UTF_8));
        one.countDown();
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  @Test
  void twoHundredMixedAssociationsIntoOneEndpoint() throws Exception {
    int clients = ONE_TO_ONE_CLIENTS + ONE_TO_MANY_CLIENTS;
    PerAssociation endpointIn = new PerAssociation(clients * STREAMS * PER_STREAM);
    EpollSctpMultiChannel endpoint =
        (EpollSctpMultiChannel)
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(endpointIn)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    InetSocketAddress at = endpoint.localAddress();

    List<Channel> channels = new ArrayList<>();
    List<Answers> answers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Answers in = new Answers();
      answers.add(in);
      if (c < ONE_TO_ONE_CLIENTS) {
        channels.add(kit.client(at, in));
      } else {
        channels.add(
            new Bootstrap()
                .group(kit.group)
                .channel(EpollSctpMultiChannel.class)
                .handler(in)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel());
      }
    }
    // Every client interleaves its streams; one-to-many clients name the endpoint as peer on every
    // message: the first sets the association up, the later ones find it.
    List<ChannelFuture> writes = new ArrayList<>();
    for (int seq = 0; seq < PER_STREAM; seq++) {
      for (int c = 0; c < clients; c++) {
        for (int s = 0; s < STREAMS; s++) {
          SctpOutboundMessage.Builder b =
              SctpOutboundMessage.builder(c + "/" + s + "/" + seq).streamId(s);
          if (c >= ONE_TO_ONE_CLIENTS) {
            b.peer(at);
          }
          writes.add(channels.get(c).writeAndFlush(b.build()));
        }
      }
    }
    for (ChannelFuture f : writes) {
      assertThat(f.await(60, TimeUnit.SECONDS) && f.isSuccess()).as("write %s", f.cause()).isTrue();
    }
    assertThat(endpointIn.all.await(120, TimeUnit.SECONDS))
        .as(
            "all %d messages, got %d",
            clients * STREAMS * PER_STREAM,
            endpointIn.byAssociation.values().stream().mapToInt(List::size).sum())
        .isTrue();

    // One association per client, each carrying exactly that client's messages, in order per
    // stream.
    assertThat(endpointIn.byAssociation).hasSize(clients);
    Map<Integer, Integer> clientOfAssociation = new HashMap<>();
    endpointIn.byAssociation.forEach(
        (id, texts) -> {
          int client = Integer.parseInt(texts.getFirst().split("/")[0]);
          clientOfAssociation.put(id, client);
          assertThat(texts).hasSize(STREAMS * PER_STREAM);
          int[] nextSeq = new int[STREAMS];
          List<Integer> streams = endpointIn.streamsByAssociation.get(id);
          for (int i = 0; i < texts.size(); i++) {
            String[] parts = texts.get(i).split("/");
            assertThat(Integer.parseInt(parts[0]))
                .as("client on association %d", id)
                .isEqualTo(client);
            int stream = Integer.parseInt(parts[1]);
            assertThat(streams.get(i)).as("stream of %s", texts.get(i)).isEqualTo(stream);
            assertThat(Integer.parseInt(parts[2]))
                .as("order on stream %d of association %d", stream, id)
                .isEqualTo(nextSeq[stream]++);
          }
        });
    assertThat(clientOfAssociation.values()).doesNotHaveDuplicates().hasSize(clients);

    // Answers routed by association id reach the client that sent on it.
    for (Map.Entry<Integer, Integer> e : clientOfAssociation.entrySet()) {
      endpoint.write(
          SctpOutboundMessage.builder("answer " + e.getValue())
              .streamId(1)
              .associationId(e.getKey())
              .build());
    }
    endpoint.flush();
    for (int c = 0; c < clients; c++) {
      assertThat(answers.get(c).one.await(30, TimeUnit.SECONDS))
          .as("client %d answered", c)
          .isTrue();
      assertThat(answers.get(c).texts).containsExactly("answer " + c);
    }
  }
}
