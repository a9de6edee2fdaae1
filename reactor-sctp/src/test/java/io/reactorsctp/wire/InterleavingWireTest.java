package io.reactorsctp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactorsctp.channel.EpollSctpMultiChannel;
import io.reactorsctp.channel.InvalidSctpMessageException;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpExtensionUnavailableException;
import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpStreamScheduler;
import io.reactorsctp.reactive.DisposableSctpServer;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * I-DATA (RFC 8260) on the wire and at the receiver: with interleaving on at both ends, every
 * message goes in I-DATA chunks (type 64) carrying its stream, message identifier (MID) and
 * fragment sequence number (FSN), and the small messages of stream 0 go out between the fragments
 * of a large message of stream 1 that was queued before them; the receiver, handed the pieces of
 * the two streams' messages in turn, gathers each message apart. With interleaving off, the same
 * messages go in DATA chunks (type 0) and the small ones wait for the large one.
 */
class InterleavingWireTest {
  private static final int BIG = 64 * 1024;
  private static final int SMALL = 5;
  private static final int I_DATA = 64;
  // No dissector of tshark's claims it: one that does (IUA for PPID 1) takes over the reassembled
  // message and leaves the packet's later chunks undissected.
  private static final int BIG_PPID = 0xF00D;

  private final WireKit kit = new WireKit();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void allowInterleaving() throws Exception {
    SchedulerRig.intlEnable(true);
  }

  @AfterAll
  static void restoreSysctl() throws Exception {
    SchedulerRig.intlEnable(false);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    kit.close();
  }

  @Test
  void iDataCarriesStreamMidAndFsnAndLetsSmallMessagesPassALargeOne() throws Exception {
    SchedulerRig rig = SchedulerRig.start(kit, true, SctpStreamScheduler.ROUND_ROBIN);
    open.add(rig);
    assertThat(rig.client.config().getOption(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED))
        .as("I-DATA negotiated on the association")
        .isTrue();
    List<WireChunk> data = sendBigThenSmall(rig, "idata");

    assertThat(data).as("no DATA chunk with I-DATA negotiated").allMatch(k -> k.type() == I_DATA);
    // Retransmissions aside (a chunk sent twice keeps its TSN).
    List<WireChunk> firstSent = data.stream().filter(distinctTsn()).toList();
    List<WireChunk> big = firstSent.stream().filter(k -> k.stream() == 1).toList();
    List<WireChunk> small = firstSent.stream().filter(k -> k.stream() == 0).toList();
    assertThat(big).as("the large message in fragments").hasSizeGreaterThan(10);
    assertThat(big)
        .as("one message: one MID")
        .extracting(k -> k.number("sctp.data_mid"))
        .containsOnly(big.getFirst().number("sctp.data_mid"));
    assertThat(big.getFirst().beginning()).as("first fragment has B").isTrue();
    assertThat(big.getLast().ending()).as("last fragment has E").isTrue();
    // The first fragment carries the PPID where the others carry their FSN (RFC 8260 §2.1); Linux
    // numbers those others from 0 (sctp_chunk_assign_mid), as tshark shows.
    assertThat(big.subList(1, big.size()))
        .as("consecutive FSNs after the first fragment")
        .extracting(k -> k.number("sctp.data_fsn"))
        .isEqualTo(LongStream.range(0, big.size() - 1).boxed().toList());
    assertThat(small)
        .as("small messages: whole (B and E), MIDs 0..%d", SMALL - 1)
        .allMatch(k -> k.beginning() && k.ending())
        .extracting(k -> k.number("sctp.data_mid"))
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(small)
        .as("some of stream 0's messages go out between the large message's fragments (TSN order)")
        .anyMatch(k -> k.tsn() > big.getFirst().tsn() && k.tsn() < big.getLast().tsn());
  }

  @Test
  void withoutInterleavingTheSameMessagesGoInDataAndWaitForTheLargeOne() throws Exception {
    SchedulerRig rig = SchedulerRig.start(kit, false, SctpStreamScheduler.ROUND_ROBIN);
    open.add(rig);
    List<WireChunk> data = sendBigThenSmall(rig, "data");

    assertThat(data).as("DATA chunks only").allMatch(k -> k.type() == WireChunk.DATA).isNotEmpty();
    long lastBig =
        data.stream().filter(k -> k.stream() == 1).mapToLong(WireChunk::tsn).max().orElseThrow();
    assertThat(data)
        .as("without I-DATA a message's fragments go together: stream 0 waits")
        .filteredOn(k -> k.stream() == 0)
        .filteredOn(distinctTsn())
        .hasSize(SMALL)
        .allMatch(k -> k.tsn() > lastBig);
  }

  @Test
  void theReactiveBuildersSetSchedulerAndInterleavingAndTheAssociationItsValues() throws Exception {
    SctpLoopResources loops = SctpLoopResources.create("interleaving-reactive", 1);
    DisposableSctpServer server =
        SctpServer.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .interleaving(true)
            .handle((in, out) -> in.receive().doOnNext(SctpInboundMessage::release).then())
            .bindNow(Duration.ofSeconds(WireKit.WAIT_SECONDS));
    open.add(loops::dispose);
    open.add(server::disposeNow);
    SctpConnection c =
        SctpClient.create()
            .remoteAddress(server.address())
            .runOn(loops)
            .streams(2, 2)
            .streamScheduler(SctpStreamScheduler.PRIORITY)
            .interleaving(true)
            .connectNow(Duration.ofSeconds(WireKit.WAIT_SECONDS));
    open.add(c::dispose);
    assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED))
        .as("I-DATA negotiated")
        .isTrue();
    assertThat(c.channel().config().getOption(SctpChannelOptions.SCTP_STREAM_SCHEDULER))
        .isEqualTo(SctpStreamScheduler.PRIORITY);
    c.streamSchedulerValue(1, 7).block(Duration.ofSeconds(WireKit.WAIT_SECONDS));
    assertThat(c.channel().streamSchedulerValue(1)).isEqualTo(7);
    assertThatThrownBy(() -> c.streamSchedulerValue(2, 7).block())
        .isInstanceOf(InvalidSctpMessageException.class)
        .hasMessageContaining("beyond the association's 2 outbound streams");
  }

  @Test
  void interleavingWhileTheSysctlIsOffIsRefusedNamingIt() throws Exception {
    SchedulerRig.intlEnable(false);
    try {
      EpollSctpMultiChannel endpoint =
          kit.endpoint(new InetSocketAddress("127.0.0.1", 0), new ChannelInboundHandlerAdapter());
      open.add(() -> endpoint.close().sync());
      assertThatThrownBy(
              () ->
                  endpoint.config().setOption(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, true))
          .isInstanceOf(SctpExtensionUnavailableException.class)
          .hasMessageContaining("EPERM (1)")
          .extracting(e -> ((SctpExtensionUnavailableException) e).enabledBy())
          .isEqualTo("sysctl net.sctp.intl_enable=1");
    } finally {
      SchedulerRig.intlEnable(true);
    }
  }

  private static java.util.function.Predicate<WireChunk> distinctTsn() {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    return k -> seen.add(k.tsn());
  }

  /**
   * The receiver reads nothing while a 64 KiB message on stream 1 fills its window, then 5 small
   * messages are queued on stream 0, then the receiver reads: what is still queued goes out as the
   * scheduler picks it. Returns the client's data chunks, in capture order, after checking that
   * every message arrived whole.
   */
  private List<WireChunk> sendBigThenSmall(SchedulerRig rig, String name) throws Exception {
    try (WireCapture wire =
        WireCapture.start("interleaving-" + name, "lo", "sctp port " + WireKit.port(rig.server))) {
      ChannelFuture big =
          rig.client.writeAndFlush(
              SctpOutboundMessage.builder(rig.client.alloc().directBuffer(BIG).writeZero(BIG))
                  .streamId(1)
                  .ppid(BIG_PPID)
                  .build());
      rig.awaitWindowFull();
      List<ChannelFuture> small = new ArrayList<>();
      for (int i = 0; i < SMALL; i++) {
        small.add(
            rig.client.writeAndFlush(
                SctpOutboundMessage.builder("s" + i).streamId(0).ppid(100 + i).build()));
      }
      for (ChannelFuture f : small) {
        assertThat(f.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      }
      rig.startReading();
      List<WireKit.Received> got = new ArrayList<>();
      for (int i = 0; i < SMALL + 1; i++) {
        got.add(rig.received.next());
      }
      assertThat(big.await(WireKit.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(got)
          .as("the large message whole, every byte its own")
          .filteredOn(r -> r.stream() == 1)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.text()).hasSize(BIG);
                assertThat(r.text().chars().allMatch(c -> c == 0)).isTrue();
              });
      assertThat(got)
          .as("the small messages whole, in order")
          .filteredOn(r -> r.stream() == 0)
          .extracting(WireKit.Received::text)
          .containsExactly("s0", "s1", "s2", "s3", "s4");
      int client = WireKit.port(rig.client);
      return wire.stop().stream()
          .filter(
              k -> (k.type() == WireChunk.DATA || k.type() == I_DATA) && k.sourcePort() == client)
          .toList();
    }
  }
}
