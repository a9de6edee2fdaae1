package io.reactorsctp.benchmarks;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The JDK's {@code com.sun.nio.sctp.SctpChannel} in non-blocking mode, each end on its own {@link
 * Selector} thread as on two event loops (like the Netty peers' client and server groups): the
 * client's writes until {@code send} returns 0 (the kernel's EAGAIN), then waits for {@code
 * OP_WRITE}; each reads on {@code OP_READ}. The benchmark thread only hands the client a batch (or
 * a round trip) and waits. One reused direct buffer and {@link MessageInfo} per end, as in {@link
 * JdkBlockingPeer}.
 */
final class JdkSelectorPeer implements Peer {
  private final Scenario scenario;
  private final boolean echo;
  private final SctpServerChannel server;
  private final SctpChannel client;
  private final SctpChannel accepted;
  private final Selector clientSelector;
  private final Selector serverSelector;
  private final SelectionKey clientKey;
  private final Thread clientLoop;
  private final Thread serverLoop;
  private final Receipts receipts = new Receipts();
  private final ByteBuffer out;
  private final ByteBuffer in;
  private final ByteBuffer reply;
  private final MessageInfo info;
  private final MessageInfo replyInfo;
  private volatile long requested;
  private long sent;
  private volatile CountDownLatch answered;
  private boolean replyPending;

  private JdkSelectorPeer(Scenario scenario, boolean echo) throws IOException {
    this.scenario = scenario;
    this.echo = echo;
    JdkBlockingPeer.Association a = JdkBlockingPeer.Association.open(scenario);
    server = a.server();
    client = a.client();
    accepted = a.accepted();
    client.configureBlocking(false);
    accepted.configureBlocking(false);
    clientSelector = Selector.open();
    serverSelector = Selector.open();
    clientKey = client.register(clientSelector, echo ? SelectionKey.OP_READ : 0);
    accepted.register(serverSelector, SelectionKey.OP_READ);
    out = ByteBuffer.allocateDirect(scenario.size());
    in = ByteBuffer.allocateDirect(Math.max(scenario.size(), 64 * 1024) + 1);
    reply = ByteBuffer.allocateDirect(in.capacity());
    info = JdkBlockingPeer.outgoing(scenario);
    replyInfo = JdkBlockingPeer.outgoing(scenario);
    clientLoop = Thread.ofPlatform().name("jdk-selector-client").daemon().start(this::runClient);
    serverLoop = Thread.ofPlatform().name("jdk-selector-server").daemon().start(this::runServer);
  }

  static JdkSelectorPeer open(Scenario scenario, boolean echo) {
    try {
      return new JdkSelectorPeer(scenario, echo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void runClient() {
    try {
      while (clientSelector.isOpen()) {
        writePending();
        clientSelector.select();
        for (SelectionKey key : clientSelector.selectedKeys()) {
          if (key.isValid() && key.isReadable()) {
            readAnswer();
          }
        }
        clientSelector.selectedKeys().clear();
      }
    } catch (ClosedSelectorException | IOException closed) {
      // the benchmark is over (a channel closed under the loop)
    }
  }

  private void runServer() {
    try {
      while (serverSelector.isOpen()) {
        serverSelector.select();
        for (SelectionKey key : serverSelector.selectedKeys()) {
          if (key.isValid()) {
            readAccepted(key);
          }
        }
        serverSelector.selectedKeys().clear();
      }
    } catch (ClosedSelectorException | IOException closed) {
      // the benchmark is over (a channel closed under the loop)
    }
  }

  /**
   * Sends what the benchmark thread asked for until done or the kernel refuses (then waits for
   * OP_WRITE).
   */
  private void writePending() throws IOException {
    long wanted = requested;
    while (sent < wanted) {
      out.clear();
      if (client.send(out, info.streamNumber((int) (sent % scenario.streams()))) == 0) {
        clientKey.interestOps(clientKey.interestOps() | SelectionKey.OP_WRITE);
        return;
      }
      sent++;
    }
    clientKey.interestOps(clientKey.interestOps() & ~SelectionKey.OP_WRITE);
  }

  /**
   * Counts (or answers) what arrived; an answer the kernel refuses waits for {@code OP_WRITE} on
   * this end.
   */
  private void readAccepted(SelectionKey key) throws IOException {
    while (true) {
      if (replyPending) {
        if (accepted.send(reply, replyInfo) == 0) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
        replyPending = false;
        key.interestOps(SelectionKey.OP_READ);
      }
      reply.clear();
      MessageInfo m = accepted.receive(reply, null, null);
      if (m == null) {
        return;
      }
      if (m.bytes() < 0) {
        serverSelector.close();
        return;
      }
      if (!echo) {
        if (m.isComplete()) {
          receipts.arrived();
        }
        continue;
      }
      reply.flip();
      replyInfo.streamNumber(m.streamNumber());
      replyPending = true;
    }
  }

  private void readAnswer() throws IOException {
    in.clear();
    MessageInfo m = client.receive(in, null, null);
    if (m != null && m.bytes() >= 0) {
      answered.countDown();
    }
  }

  @Override
  public void sendBatch(int messages) throws Exception {
    long target = receipts.expect(messages);
    requested += messages;
    clientSelector.wakeup();
    receipts.await(target);
  }

  @Override
  public void pingPong(int rounds, Histogram roundTripNanos) throws Exception {
    for (int i = 0; i < rounds; i++) {
      CountDownLatch answer = new CountDownLatch(1);
      answered = answer;
      long start = System.nanoTime();
      requested++;
      clientSelector.wakeup();
      if (!answer.await(120, TimeUnit.SECONDS)) {
        throw new TimeoutException("no answer to round trip " + i);
      }
      roundTripNanos.recordValue(System.nanoTime() - start);
    }
  }

  @Override
  public void close() {
    try {
      clientSelector.close();
      serverSelector.close();
      client.close();
      accepted.close();
      server.close();
      clientLoop.join(5000);
      serverLoop.join(5000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw Peer.interrupted(e);
    }
  }
}
