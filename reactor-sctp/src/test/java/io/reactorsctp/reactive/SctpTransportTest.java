package io.reactorsctp.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.reactorsctp.channel.MultiHomedAddress;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpInitMsg;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The transport layer without a kernel: immutable configuration and the one future-to-Mono bridge.
 */
class SctpTransportTest {

  @Test
  void everySetterLeavesTheTransportItWasCalledOnUnchanged() {
    SctpLoopResources loops = SctpLoopResources.create("unused", 1);
    SctpClient plain = SctpClient.create();
    SctpClient configured =
        plain
            .streams(4, 5)
            .runOn(loops)
            .doOnChannelInit(ch -> {})
            .remoteAddress(new InetSocketAddress("127.0.0.1", 3868))
            .localAddress(new InetSocketAddress(0));

    assertThat(plain.configuration().options()).isEmpty();
    assertThat(plain.configuration().remoteAddress()).isNull();
    assertThat(plain.configuration().bindAddress()).isNull();
    assertThat(plain.configuration().loopResources())
        .isSameAs(SctpLoopResources.defaultResources());
    assertThat(configured.configuration().options())
        .containsEntry(SctpChannelOptions.SCTP_INITMSG, new SctpInitMsg(4, 5, 0, 0));
    assertThat(configured.configuration().loopResources()).isSameAs(loops);
    assertThat(configured.configuration().remoteAddress())
        .isEqualTo(new InetSocketAddress("127.0.0.1", 3868));
    loops.dispose();
  }

  @Test
  void channelInitHooksRunInTheOrderGiven() {
    StringBuilder order = new StringBuilder();
    SctpServer server =
        SctpServer.create()
            .doOnChannelInit(ch -> order.append('a'))
            .doOnChannelInit(ch -> order.append('b'));
    SctpEndpoint endpoint = SctpEndpoint.create().doOnChannelInit(ch -> order.append('c'));

    server.configuration().channelInit().accept(new EmbeddedChannel());
    endpoint.configuration().channelInit().accept(new EmbeddedChannel());

    assertThat(order).hasToString("abc");
  }

  @Test
  void portKeepsEveryAddressOfAMultiHomedBind() {
    SctpEndpoint endpoint =
        SctpEndpoint.create()
            .bindAddresses(
                List.of(
                    new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.2", 0)))
            .port(2905);

    assertThat(((MultiHomedAddress) endpoint.configuration().bindAddress()).addresses())
        .containsExactly(
            new InetSocketAddress("127.0.0.1", 2905), new InetSocketAddress("127.0.0.2", 2905));
    assertThat(SctpServer.create().port(3868).configuration().bindAddress())
        .isEqualTo(new InetSocketAddress(3868));
    assertThat(SctpServer.create().configuration().handler()).isNotNull();
    assertThat(endpoint.configuration().handler()).isNull();
  }

  @Test
  void theBridgeEmitsWhatTheOpenChannelMakes() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChannelPromise opening = channel.newPromise();
    AtomicReference<Object> emitted = new AtomicReference<>();

    SctpTransport.open(() -> opening, ch -> "open " + (ch == channel)).subscribe(emitted::set);
    opening.setSuccess();
    channel.runPendingTasks();

    assertThat(emitted).hasValue("open true");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void theBridgePassesAFailureOn() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChannelPromise opening = channel.newPromise();
    AtomicReference<Throwable> failed = new AtomicReference<>();

    SctpTransport.open(() -> opening, ch -> ch).subscribe(ch -> {}, failed::set);
    opening.setFailure(new IOException("refused"));
    // As a success: signalled in a task of its own on the channel's loop, after the promise's
    // other listeners.
    assertThat(failed.get()).isNull();
    channel.runPendingTasks();

    assertThat(failed.get()).hasMessage("refused");
  }

  @Test
  void cancellingClosesTheChannelBeingOpened() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChannelPromise opening = channel.newPromise();

    Disposable subscription = SctpTransport.open(() -> opening, ch -> ch).subscribe();
    subscription.dispose();
    channel.runPendingTasks();

    assertThat(opening.isCancelled()).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void cancellingOnceOpenButNotYetEmittedClosesTheChannelToo() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChannelPromise opening = channel.newPromise();
    AtomicReference<Object> emitted = new AtomicReference<>();

    Disposable subscription = SctpTransport.open(() -> opening, ch -> ch).subscribe(emitted::set);
    opening.setSuccess();
    subscription.dispose();
    channel.runPendingTasks();

    assertThat(emitted).hasValue(null);
    assertThat(channel.isOpen()).isFalse();
  }
}
