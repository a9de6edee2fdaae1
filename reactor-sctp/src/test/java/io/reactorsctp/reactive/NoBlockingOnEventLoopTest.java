package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.SctpInboundMessage;
import io.reactorsctp.channel.SctpOutboundMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * No blocking call on an event-loop thread, detected by the JVM itself: a Flight Recorder recording
 * with no threshold catches every park, sleep, contended monitor, monitor wait and blocking socket
 * or file read of the event-loop threads while a one-to-one echo, a one-to-many echo and a
 * receipted send run. The loop's own wait for events is epoll_wait, native, and records nothing.
 */
class NoBlockingOnEventLoopTest {

  private static final String LOOP_PREFIX = "no-blocking-loop";
  private static final List<String> BLOCKING_EVENTS =
      List.of(
          "jdk.ThreadPark",
          "jdk.ThreadSleep",
          "jdk.JavaMonitorEnter",
          "jdk.JavaMonitorWait",
          "jdk.SocketRead",
          "jdk.SocketWrite",
          "jdk.FileRead",
          "jdk.FileWrite");

  @Test
  void eventLoopThreadsNeverBlock() throws Exception {
    Path file = Files.createTempFile("no-blocking", ".jfr");
    SctpLoopResources loops = SctpLoopResources.create(LOOP_PREFIX, 2);
    try (Recording recording = new Recording()) {
      // Once before recording: a class's first use loads and initialises it, which may wait,
      // wherever it happens.
      workload(loops);
      for (String event : BLOCKING_EVENTS) {
        recording.enable(event).withThreshold(Duration.ZERO).withStackTrace();
      }
      recording.start();

      workload(loops);
      // The control: one deliberate sleep on a loop thread, which the recording must catch.
      loops
          .group()
          .next()
          .submit(
              () -> {
                Thread.sleep(1);
                return null;
              })
          .sync();
      recording.stop();
      recording.dump(file);
    } finally {
      loops.dispose();
    }

    List<String> blocking = new ArrayList<>();
    int loopEvents = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (e.getThread() != null
          && e.getThread().getJavaName() != null
          && e.getThread().getJavaName().startsWith(LOOP_PREFIX)) {
        loopEvents++;
        if (loadingClasses(e)) {
          continue; // a class's first use reads its jar once, wherever it happens
        }
        blocking.add(
            e.getEventType().getName()
                + (e.hasField("monitorClass") && e.getValue("monitorClass") != null
                    ? " (" + e.getClass("monitorClass").getName() + ")"
                    : "")
                + " on "
                + e.getThread().getJavaName()
                + " at "
                + (e.getStackTrace() == null
                    ? "?"
                    : e.getStackTrace().getFrames().stream()
                        .limit(8)
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                        .toList()));
      }
    }
    Files.deleteIfExists(file);
    String control = NoBlockingOnEventLoopTest.class.getName() + ".lambda$";
    assertThat(blocking)
        .as("the deliberate sleep is caught")
        .anyMatch(b -> b.startsWith("jdk.ThreadSleep") && b.contains(control));
    assertThat(blocking.stream().filter(b -> !b.contains(control)).toList())
        .as(
            "blocking events on event-loop threads (%d recorded, class loading excepted)",
            loopEvents)
        .isEmpty();
  }

  static void workload(SctpLoopResources loops) {
    DisposableSctpServer server =
        SctpServer.create().bindAddress("127.0.0.1", 0).runOn(loops).handle(Echo::handle).bindNow();
    SctpConnection client =
        SctpClient.create().remoteAddress(server.address()).runOn(loops).connectNow();
    List<String> echoed =
        client
            .outbound()
            .send(
                Flux.range(0, 500)
                    .map(i -> SctpOutboundMessage.builder("m" + i).streamId(i % 2).build()))
            .thenMany(client.inbound().receive().take(500).map(NoBlockingOnEventLoopTest::text))
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(echoed).hasSize(500);
    List<SendResult> receipts =
        client
            .outbound()
            .sendWithReceipts(
                Flux.range(0, 100).map(i -> SctpOutboundMessage.builder("r" + i).build()))
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(receipts).hasSize(100);

    DisposableSctpEndpoint endpoint =
        SctpEndpoint.create()
            .bindAddress("127.0.0.1", 0)
            .runOn(loops)
            .handle(
                (in, out) ->
                    out.send(
                        in.receive().map(m -> SctpOutboundMessage.builder(m.content()).build())))
            .bindNow();
    SctpConnection toEndpoint =
        SctpClient.create().remoteAddress(endpoint.address()).runOn(loops).connectNow();
    List<String> fromEndpoint =
        toEndpoint
            .outbound()
            .send(Flux.range(0, 200).map(i -> SctpOutboundMessage.builder("e" + i).build()))
            .thenMany(toEndpoint.inbound().receive().take(200).map(NoBlockingOnEventLoopTest::text))
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(fromEndpoint).hasSize(200);

    toEndpoint.shutdown().block(Duration.ofSeconds(30));
    client.shutdown().block(Duration.ofSeconds(30));
    endpoint.disposeNow();
    server.disposeNow();
  }

  private static boolean loadingClasses(RecordedEvent e) {
    return e.getStackTrace() != null
        && e.getStackTrace().getFrames().stream()
            .anyMatch(
                f -> {
                  String type = f.getMethod().getType().getName();
                  return type.startsWith("jdk.internal.loader.")
                      || type.equals("java.lang.ClassLoader");
                });
  }

  private static String text(SctpInboundMessage m) {
    try {
      return m.content().toString(StandardCharsets.UTF_8);
    } finally {
      m.release();
    }
  }
}
