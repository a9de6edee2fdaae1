package io.reactorsctp.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Proves the test harness puts this JVM on a real kernel SCTP stack: a loopback association between
 * two endpoints (the JDK's own {@code com.sun.nio.sctp}, an implementation independent of ours)
 * exchanging messages on two streams with ppid and unordered set. On a kernel without SCTP, opening
 * the channel throws.
 */
class KernelSctpRoundTripTest {

  @Test
  void messagesCarryStreamPpidAndUnorderedAcrossARealAssociation() throws Exception {
    try (SctpServerChannel server =
        SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      SocketAddress serverAddress = server.getAllLocalAddresses().iterator().next();
      try (SctpChannel client = SctpChannel.open(serverAddress, 4, 4);
          SctpChannel accepted = server.accept()) {
        client.setOption(com.sun.nio.sctp.SctpStandardSocketOptions.SCTP_NODELAY, true);

        send(client, 0, 46, false, "CER on stream 0");
        send(client, 1, 3, true, "M3UA DATA on stream 1");

        Received first = receive(accepted);
        Received second = receive(accepted);
        assertThat(first).isEqualTo(new Received(0, 46, false, "CER on stream 0"));
        assertThat(second).isEqualTo(new Received(1, 3, true, "M3UA DATA on stream 1"));

        send(accepted, 1, 46, false, "CEA back on stream 1");
        assertThat(receive(client)).isEqualTo(new Received(1, 46, false, "CEA back on stream 1"));
      }
    }
  }

  private record Received(int stream, int ppid, boolean unordered, String text) {}

  private static void send(
      SctpChannel channel, int stream, int ppid, boolean unordered, String text) throws Exception {
    MessageInfo info =
        MessageInfo.createOutgoing(null, stream).payloadProtocolID(ppid).unordered(unordered);
    channel.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), info);
  }

  private static Received receive(SctpChannel channel) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    MessageInfo info = channel.receive(buffer, null, null);
    assertThat(info).as("a data message, not a notification or end of stream").isNotNull();
    assertThat(info.isComplete()).isTrue();
    buffer.flip();
    return new Received(
        info.streamNumber(),
        info.payloadProtocolID(),
        info.isUnordered(),
        StandardCharsets.UTF_8.decode(buffer).toString());
  }
}
