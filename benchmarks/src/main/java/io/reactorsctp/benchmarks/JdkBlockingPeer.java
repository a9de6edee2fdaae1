package io.reactorsctp.benchmarks;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.HdrHistogram.Histogram;

/**
 * The JDK's blocking {@code com.sun.nio.sctp.SctpChannel}: the benchmark thread sends, one platform
 * thread receives (and echoes, for ping-pong). One reused direct buffer and one reused {@link
 * MessageInfo} on each side, the best case for this API. A TTL goes through {@code
 * MessageInfo.timeToLive}.
 */
final class JdkBlockingPeer implements Peer {
  private final Scenario scenario;
  private final SctpServerChannel server;
  private final SctpChannel client;
  private final SctpChannel accepted;
  private final Thread receiver;
  private final Receipts receipts = new Receipts();
  private final ByteBuffer out;
  private final ByteBuffer in;
  private final MessageInfo info;
  private long sent;

  private JdkBlockingPeer(Scenario scenario, boolean echo) throws IOException {
    this.scenario = scenario;
    Association a = Association.open(scenario);
    server = a.server();
    client = a.client();
    accepted = a.accepted();
    out = ByteBuffer.allocateDirect(scenario.size());
    in = ByteBuffer.allocateDirect(Math.max(scenario.size(), 64 * 1024) + 1);
    info = outgoing(scenario);
    receiver =
        Thread.ofPlatform().name("jdk-receiver").daemon().start(echo ? this::echo : this::count);
  }

  static JdkBlockingPeer open(Scenario scenario, boolean echo) {
    try {
      return new JdkBlockingPeer(scenario, echo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One loopback association of the JDK's SCTP channels, NODELAY on both ends, both still blocking.
   */
  record Association(SctpServerChannel server, SctpChannel client, SctpChannel accepted) {
    static Association open(Scenario scenario) throws IOException {
      SctpServerChannel server =
          NetworkPath.server(scenario, SctpServerChannel::open)
              .bind(NetworkPath.serverAddress(scenario));
      InetSocketAddress address =
          (InetSocketAddress) server.getAllLocalAddresses().iterator().next();
      SctpChannel client = SctpChannel.open(address, scenario.streams(), scenario.streams());
      SctpChannel accepted = server.accept();
      client.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
      accepted.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
      return new Association(server, client, accepted);
    }
  }

  /**
   * The scenario's outgoing {@link MessageInfo}: ppid, ordering and TTL; the stream is set per
   * message.
   */
  static MessageInfo outgoing(Scenario s) {
    MessageInfo info =
        MessageInfo.createOutgoing(null, 0)
            .payloadProtocolID(Scenario.PPID)
            .unordered(s.unordered());
    return s.ttlMillis() > 0 ? info.timeToLive(s.ttlMillis()) : info;
  }

  private void count() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(in.capacity());
    try {
      while (true) {
        buffer.clear();
        MessageInfo m = accepted.receive(buffer, null, null);
        if (m == null || m.bytes() < 0) {
          return;
        }
        if (m.isComplete()) {
          receipts.arrived();
        }
      }
    } catch (ClosedChannelException closed) {
      // the benchmark is over
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void echo() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(in.capacity());
    MessageInfo reply = outgoing(scenario);
    try {
      while (true) {
        buffer.clear();
        MessageInfo m = accepted.receive(buffer, null, null);
        if (m == null || m.bytes() < 0) {
          return;
        }
        buffer.flip();
        accepted.send(buffer, reply.streamNumber(m.streamNumber()));
      }
    } catch (ClosedChannelException closed) {
      // the benchmark is over
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void sendBatch(int messages) throws Exception {
    long target = receipts.expect(messages);
    for (int i = 0; i < messages; i++) {
      out.clear();
      client.send(out, info.streamNumber((int) (sent++ % scenario.streams())));
    }
    receipts.await(target);
  }

  @Override
  public void pingPong(int rounds, Histogram roundTripNanos) throws Exception {
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      out.clear();
      client.send(out, info.streamNumber((int) (sent++ % scenario.streams())));
      in.clear();
      client.receive(in, null, null);
      roundTripNanos.recordValue(System.nanoTime() - start);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
      accepted.close();
      server.close();
      receiver.join(5000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw Peer.interrupted(e);
    }
  }
}
