package io.reactorsctp.demo;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The README's demo: one loopback SCTP association, messages on two streams, printed as sent and received. */
public final class Demo {

  public static void main(String[] args) throws Exception {
    System.out.printf("kernel %s %s%n", System.getProperty("os.name"), System.getProperty("os.version"));
    try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      SocketAddress serverAddress = server.getAllLocalAddresses().iterator().next();
      try (SctpChannel client = SctpChannel.open(serverAddress, 4, 4);
          SctpChannel accepted = server.accept()) {
        client.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        System.out.printf("association up: %s -> %s%n", client.getAllLocalAddresses(), serverAddress);
        exchange(client, accepted, 0, 46, false, "Diameter CER (ppid 46) on stream 0");
        exchange(client, accepted, 1, 3, true, "M3UA DATA (ppid 3), unordered, on stream 1");
        exchange(accepted, client, 1, 46, false, "Diameter CEA back on stream 1");
      }
    }
  }

  private static void exchange(SctpChannel from, SctpChannel to, int stream, int ppid, boolean unordered,
      String text) throws Exception {
    MessageInfo out = MessageInfo.createOutgoing(null, stream).payloadProtocolID(ppid).unordered(unordered);
    from.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), out);
    System.out.printf("sent     stream=%d ppid=%d unordered=%b \"%s\"%n", stream, ppid, unordered, text);
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    MessageInfo in = to.receive(buffer, null, null);
    buffer.flip();
    System.out.printf("received stream=%d ppid=%d unordered=%b \"%s\"%n", in.streamNumber(),
        in.payloadProtocolID(), in.isUnordered(), StandardCharsets.UTF_8.decode(buffer));
  }

  private Demo() {}
}
