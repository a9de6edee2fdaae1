package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.sctp.SctpChannelOption;
import io.reactorsctp.channel.SctpChannelOptions;
import io.reactorsctp.channel.SctpOutboundMessage;
import io.reactorsctp.channel.SctpPeerAddrParams;
import io.reactorsctp.channel.SctpPrPolicy;
import io.reactorsctp.channel.SctpRtoInfo;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpLoopResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** Conditions, binding, defaults, back-off and validation of the auto-configuration. */
class SctpAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SctpAutoConfiguration.class,
                  SctpMetricsAutoConfiguration.class,
                  SctpHealthAutoConfiguration.class));

  static final SctpMessageHandler ECHO =
      (association, inbound) ->
          inbound.map(
              m ->
                  SctpOutboundMessage.builder(m.content())
                      .streamId(m.streamId())
                      .ppid(m.ppid())
                      .build());

  @Test
  void defaultsWithoutProperties() {
    runner.run(
        ctx -> {
          assertThat(ctx)
              .hasNotFailed()
              .hasSingleBean(SctpLoopResources.class)
              .hasSingleBean(SctpAssociations.class)
              .hasSingleBean(SctpClients.class)
              .hasSingleBean(SctpServers.class)
              .hasSingleBean(SctpHealthIndicator.class)
              .doesNotHaveBean(SctpMetricsCustomizer.class);
          SctpProperties p = ctx.getBean(SctpProperties.class);
          assertThat(p.getEventLoopThreads()).isZero();
          assertThat(p.getEventLoopThreadPrefix()).isEqualTo("reactor-sctp");
          assertThat(p.getMetrics().isEnabled()).isTrue();
          assertThat(p.getMetrics().getKernelPollInterval()).isEqualTo(Duration.ofSeconds(10));
          assertThat(p.getMetrics().isPerStreamMeters()).isFalse();
          assertThat(p.getMetrics().isHostMeters()).isTrue();
          assertThat(ctx.getBean(SctpClients.class).asMap()).isEmpty();
          assertThat(ctx.getBean(SctpServers.class).bound()).isEmpty();
          assertThat(
                  ((MultiThreadIoEventLoopGroup) ctx.getBean(SctpLoopResources.class).group())
                      .executorCount())
              .isEqualTo(Runtime.getRuntime().availableProcessors());
          // Nothing configured: nothing can be down.
          assertThat(ctx.getBean(SctpHealthIndicator.class).health().getStatus().getCode())
              .isEqualTo("UP");
        });
  }

  @Test
  void defaultsOfAClientAndAServer() {
    runner
        .withBean(SctpMessageHandler.class, () -> ECHO)
        .withPropertyValues(
            "reactor.sctp.clients.peer.remote-addresses=127.0.0.1",
            "reactor.sctp.clients.peer.remote-port=3868",
            "reactor.sctp.servers.s.local-addresses=127.0.0.1")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              SctpProperties.Client c = ctx.getBean(SctpProperties.class).getClients().get("peer");
              assertThat(c.getStreams().getOutbound()).isEqualTo(10);
              assertThat(c.getStreams().getInbound()).isEqualTo(10);
              assertThat(c.getLocalPort()).isZero();
              assertThat(c.getDefaultPrPolicy()).isEqualTo(SctpPrPolicy.NONE);
              assertThat(SctpOptions.of(c))
                  .isEmpty(); // unset: the kernel's and reactor-sctp's own defaults stay
              SctpProperties.Server s = ctx.getBean(SctpProperties.class).getServers().get("s");
              assertThat(s.getPort()).isZero();
              assertThat(s.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(s.getHandler()).isNull();
              assertThat(ctx.getBean(SctpServers.class).server("s").port())
                  .isPositive(); // bound with the context
            });
  }

  @Test
  void everyPropertyBindsAndMapsToItsOption() {
    runner
        .withPropertyValues(
            "reactor.sctp.event-loop-threads=3",
            "reactor.sctp.event-loop-thread-prefix=telecom",
            "reactor.sctp.metrics.enabled=false",
            "reactor.sctp.metrics.kernel-poll-interval=2s",
            "reactor.sctp.metrics.per-stream-meters=true",
            "reactor.sctp.metrics.host-meters=false",
            "reactor.sctp.clients.hss.remote-addresses=10.0.0.1,10.0.1.1",
            "reactor.sctp.clients.hss.remote-port=3868",
            "reactor.sctp.clients.hss.local-addresses=127.0.0.1,127.0.0.2",
            "reactor.sctp.clients.hss.local-port=3869",
            "reactor.sctp.clients.hss.streams.outbound=16",
            "reactor.sctp.clients.hss.streams.inbound=32",
            "reactor.sctp.clients.hss.nodelay=false",
            "reactor.sctp.clients.hss.rto.initial=500ms",
            "reactor.sctp.clients.hss.rto.max=4s",
            "reactor.sctp.clients.hss.rto.min=200ms",
            "reactor.sctp.clients.hss.heartbeat.enabled=true",
            "reactor.sctp.clients.hss.heartbeat.interval=5s",
            "reactor.sctp.clients.hss.heartbeat.path-max-retransmissions=3",
            "reactor.sctp.clients.hss.send-buffer-size=256KB",
            "reactor.sctp.clients.hss.receive-buffer-size=512KB",
            "reactor.sctp.clients.hss.write-buffer-water-mark.low=32KB",
            "reactor.sctp.clients.hss.write-buffer-water-mark.high=64KB",
            "reactor.sctp.clients.hss.max-message-size=1MB",
            "reactor.sctp.clients.hss.default-pr-policy=TTL",
            "reactor.sctp.clients.hss.default-pr-value=300",
            "reactor.sctp.clients.hss.stream-reset=reset-streams,add-streams",
            "reactor.sctp.clients.hss.udp-encapsulation-port=9899",
            "reactor.sctp.clients.hss.dynamic-addresses=true",
            "reactor.sctp.clients.hss.stream-scheduler=priority",
            "reactor.sctp.clients.hss.interleaving=false",
            "reactor.sctp.servers.s.port=0",
            "reactor.sctp.servers.s.local-addresses=127.0.0.1",
            "reactor.sctp.servers.s.max-associations=50",
            "reactor.sctp.servers.s.shutdown-timeout=3s",
            "reactor.sctp.servers.s.handler=echo",
            "reactor.sctp.servers.s.heartbeat.enabled=false")
        .withBean("echo", SctpMessageHandler.class, () -> ECHO)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              SctpProperties p = ctx.getBean(SctpProperties.class);
              assertThat(p.getEventLoopThreads()).isEqualTo(3);
              assertThat(p.getMetrics().getKernelPollInterval()).isEqualTo(Duration.ofSeconds(2));
              assertThat(p.getMetrics().isPerStreamMeters()).isTrue();
              assertThat(p.getMetrics().isHostMeters()).isFalse();
              MultiThreadIoEventLoopGroup group =
                  (MultiThreadIoEventLoopGroup) ctx.getBean(SctpLoopResources.class).group();
              assertThat(group.executorCount()).isEqualTo(3);
              assertThat(group.next().submit(() -> Thread.currentThread().getName()).get())
                  .startsWith("telecom");

              SctpProperties.Client c = p.getClients().get("hss");
              assertThat(c.getRemoteAddresses()).containsExactly("10.0.0.1", "10.0.1.1");
              assertThat(c.getLocalAddresses()).containsExactly("127.0.0.1", "127.0.0.2");
              assertThat(c.getLocalPort()).isEqualTo(3869);
              assertThat(c.getStreams().getOutbound()).isEqualTo(16);
              assertThat(c.getStreams().getInbound()).isEqualTo(32);
              assertThat(c.getDefaultPrPolicy()).isEqualTo(SctpPrPolicy.TTL);
              assertThat(c.getDefaultPrValue()).isEqualTo(300);
              Map<ChannelOption<?>, Object> options = SctpOptions.of(c);
              assertThat(options)
                  .containsEntry(SctpChannelOption.SCTP_NODELAY, false)
                  .containsEntry(SctpChannelOptions.SCTP_RTOINFO, new SctpRtoInfo(500, 4000, 200))
                  .containsEntry(
                      SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
                      new SctpPeerAddrParams(5000, true, 3))
                  .containsEntry(ChannelOption.SO_SNDBUF, 256 * 1024)
                  .containsEntry(ChannelOption.SO_RCVBUF, 512 * 1024)
                  .containsEntry(SctpChannelOptions.MAX_MESSAGE_SIZE, 1024 * 1024)
                  .containsEntry(
                      SctpChannelOptions.SCTP_ENABLE_STREAM_RESET,
                      java.util.Set.of(
                          io.reactorsctp.channel.SctpReconfigRequest.RESET_STREAMS,
                          io.reactorsctp.channel.SctpReconfigRequest.ADD_STREAMS))
                  .containsEntry(SctpChannelOptions.SCTP_REMOTE_UDP_ENCAPS_PORT, 9899)
                  .containsEntry(SctpChannelOptions.SCTP_ASCONF_SUPPORTED, true)
                  .containsEntry(
                      SctpChannelOptions.SCTP_STREAM_SCHEDULER,
                      io.reactorsctp.channel.SctpStreamScheduler.PRIORITY)
                  .containsEntry(SctpChannelOptions.SCTP_INTERLEAVING_SUPPORTED, false)
                  .doesNotContainKey(SctpChannelOptions.MAX_ASSOCIATIONS);
              WriteBufferWaterMark marks =
                  (WriteBufferWaterMark) options.get(ChannelOption.WRITE_BUFFER_WATER_MARK);
              assertThat(marks.low()).isEqualTo(32 * 1024);
              assertThat(marks.high()).isEqualTo(64 * 1024);

              SctpProperties.Server s = p.getServers().get("s");
              assertThat(s.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(s.getHandler()).isEqualTo("echo");
              assertThat(SctpOptions.of(s))
                  .containsEntry(SctpChannelOptions.MAX_ASSOCIATIONS, 50)
                  .containsEntry(
                      SctpChannelOptions.SCTP_PEER_ADDR_PARAMS,
                      new SctpPeerAddrParams(0, false, 0));

              assertThat(ctx.getBean(SctpClients.class).asMap()).containsOnlyKeys("hss");
              assertThat(ctx.getBean("hssSctpClient"))
                  .isSameAs(ctx.getBean(SctpClients.class).client("hss"));
              assertThat(ctx).doesNotHaveBean(SctpMetricsCustomizer.class); // metrics.enabled=false
            });
  }

  @Test
  void metricsOnlyWithAMeterRegistryAndNotDisabled() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(ctx -> assertThat(ctx).hasSingleBean(SctpMetricsCustomizer.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("reactor.sctp.metrics.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(SctpMetricsCustomizer.class));
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(SctpMetricsCustomizer.class));
  }

  @Test
  void metricsBinderIsOnePerNameWithTheConfiguredSettings() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("reactor.sctp.metrics.kernel-poll-interval=3s")
        .run(
            ctx -> {
              SctpMetricsCustomizer metrics = ctx.getBean(SctpMetricsCustomizer.class);
              assertThat(metrics.binder("a"))
                  .isSameAs(metrics.binder("a"))
                  .isNotSameAs(metrics.binder("b"));
            });
  }

  @Test
  void healthIndicatorCanBeTurnedOffOrReplaced() {
    runner
        .withPropertyValues("management.health.sctp.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(SctpHealthIndicator.class));
    HealthIndicator own = () -> org.springframework.boot.health.contributor.Health.up().build();
    runner
        .withBean("sctpHealthIndicator", HealthIndicator.class, () -> own)
        .run(ctx -> assertThat(ctx.getBean("sctpHealthIndicator")).isSameAs(own));
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    SctpLoopResources loops = SctpLoopResources.create("own", 1);
    SctpClients clients = new SctpClients(Map.of());
    SctpAssociations associations = new SctpAssociations();
    SctpServers servers = new SctpServers(Map.of(), Map.of(), associations);
    SctpClient ownClient = SctpClient.create();
    runner
        .withBean(SctpLoopResources.class, () -> loops)
        .withBean(SctpClients.class, () -> clients)
        .withBean(SctpAssociations.class, () -> associations)
        .withBean(SctpServers.class, () -> servers)
        .withBean("peerSctpClient", SctpClient.class, () -> ownClient)
        .withPropertyValues(
            "reactor.sctp.clients.peer.remote-addresses=127.0.0.1",
            "reactor.sctp.clients.peer.remote-port=1")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(SctpLoopResources.class)).isSameAs(loops);
              assertThat(ctx.getBean(SctpClients.class)).isSameAs(clients);
              assertThat(ctx.getBean(SctpAssociations.class)).isSameAs(associations);
              assertThat(ctx.getBean(SctpServers.class)).isSameAs(servers);
              assertThat(ctx.getBean("peerSctpClient")).isSameAs(ownClient);
            });
    loops.dispose();
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(SctpMetricsCustomizer.class, () -> new SctpMetricsCustomizer(n -> null))
        .run(ctx -> assertThat(ctx).hasSingleBean(SctpMetricsCustomizer.class));
  }

  @Test
  void customizersApplyInOrderToEachClientAndServer() {
    List<String> calls = new ArrayList<>();
    runner
        .withBean(SctpMessageHandler.class, () -> ECHO)
        .withBean("second", SecondClientCustomizer.class, () -> new SecondClientCustomizer(calls))
        .withBean("first", FirstClientCustomizer.class, () -> new FirstClientCustomizer(calls))
        .withBean(
            SctpServerCustomizer.class,
            () ->
                (name, server) -> {
                  calls.add("server " + name);
                  return server;
                })
        .withPropertyValues(
            "reactor.sctp.clients.a.remote-addresses=127.0.0.1",
            "reactor.sctp.clients.a.remote-port=1",
            "reactor.sctp.servers.s.local-addresses=127.0.0.1")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(calls).containsExactly("first a", "second a", "server s");
            });
  }

  @Order(1)
  record FirstClientCustomizer(List<String> calls) implements SctpClientCustomizer {
    @Override
    public SctpClient customize(String name, SctpClient client) {
      calls.add("first " + name);
      return client;
    }
  }

  @Order(2)
  record SecondClientCustomizer(List<String> calls) implements SctpClientCustomizer {
    @Override
    public SctpClient customize(String name, SctpClient client) {
      calls.add("second " + name);
      return client;
    }
  }

  @Test
  void loopResourcesAreDisposedWithTheContext() {
    SctpLoopResources[] loops = new SctpLoopResources[1];
    runner.run(ctx -> loops[0] = ctx.getBean(SctpLoopResources.class));
    assertThat(loops[0].isDisposed()).isTrue();
  }

  @Test
  void aServerNeedsItsHandler() {
    runner
        .withPropertyValues("reactor.sctp.servers.s.local-addresses=127.0.0.1")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("reactor.sctp.servers.s.handler")
                    .hasMessageContaining("no SctpMessageHandler bean"));
    runner
        .withBean("a", SctpMessageHandler.class, () -> ECHO)
        .withBean("b", SctpMessageHandler.class, () -> ECHO)
        .withPropertyValues("reactor.sctp.servers.s.local-addresses=127.0.0.1")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("reactor.sctp.servers.s.handler")
                    .hasMessageContaining("2 SctpMessageHandler beans"));
    runner
        .withBean("a", SctpMessageHandler.class, () -> ECHO)
        .withBean("b", SctpMessageHandler.class, () -> ECHO)
        .withPropertyValues(
            "reactor.sctp.servers.s.local-addresses=127.0.0.1", "reactor.sctp.servers.s.handler=b")
        .run(ctx -> assertThat(ctx).hasNotFailed());
    runner
        .withBean("a", SctpMessageHandler.class, () -> ECHO)
        .withPropertyValues(
            "reactor.sctp.servers.s.local-addresses=127.0.0.1", "reactor.sctp.servers.s.handler=c")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("reactor.sctp.servers.s.handler: no bean named c"));
  }

  @Test
  void anUnresolvableHostFailsNamingTheProperty() {
    runner
        .withPropertyValues(
            "reactor.sctp.clients.a.remote-addresses=no-such-host.invalid",
            "reactor.sctp.clients.a.remote-port=1")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "reactor.sctp.clients.a.remote-addresses: no-such-host.invalid cannot be resolved"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      event-loop-threads=-1                                  | eventLoopThreads                  | must be 0
      event-loop-thread-prefix=                              | eventLoopThreadPrefix             | must not be blank
      metrics.kernel-poll-interval=0s                        | metrics.kernelPollInterval        | at least 1ms
      clients.c.remote-port=0                                | clients[c].remotePort             | within 1..65535
      clients.c.remote-port=65536                            | clients[c].remotePort             | within 1..65535
      clients.c.local-port=-1                                | clients[c].localPort              | within 0..65535
      clients.c.streams.outbound=0                           | clients[c].streams.outbound       | within 1..65535
      clients.c.streams.inbound=65536                        | clients[c].streams.inbound        | within 1..65535
      clients.c.rto.min=5s                                   | clients[c].rto.min                | must not exceed rto.max
      clients.c.rto.initial=-1s                              | clients[c].rto.initial            | within 0ms..
      clients.c.heartbeat.path-max-retransmissions=70000     | clients[c].heartbeat.pathMaxRetransmissions | within 0..65535
      clients.c.udp-encapsulation-port=65536                 | clients[c].udpEncapsulationPort   | within 0..65535
      clients.c.send-buffer-size=0B                          | clients[c].sendBufferSize         | within 1B..
      clients.c.receive-buffer-size=4GB                      | clients[c].receiveBufferSize      | within 1B..
      clients.c.max-message-size=0B                          | clients[c].maxMessageSize         | within 1B..
      clients.c.write-buffer-water-mark.low=64KB             | clients[c].writeBufferWaterMark.high | set together
      clients.c.default-pr-policy=BUF                        | clients[c].defaultPrPolicy        | no Linux equivalent
      clients.c.default-pr-value=5                           | clients[c].defaultPrValue         | needs defaultPrPolicy
      clients.c.local-addresses[0]=                          | clients[c].localAddresses[0]      | must not be blank
      servers.s.port=70000                                   | servers[s].port                   | within 0..65535
      servers.s.max-associations=0                           | servers[s].maxAssociations        | at least 1
      servers.s.shutdown-timeout=-1s                         | servers[s].shutdownTimeout        | 0 or more
      servers.s.default-pr-policy=TTL                        | servers[s].defaultPrValue         | NOT_REJECTED
      """)
  void invalidValuesFailStartUpNamingTheProperty(String property, String field, String reason) {
    List<String> base =
        new ArrayList<>(
            List.of(
                "reactor.sctp.clients.c.remote-addresses=127.0.0.1",
                "reactor.sctp.clients.c.remote-port=3868",
                "reactor.sctp.clients.c.rto.max=1s",
                "reactor.sctp.servers.s.local-addresses=127.0.0.1"));
    base.add("reactor.sctp." + property);
    ApplicationContextRunner r =
        runner
            .withBean(SctpMessageHandler.class, () -> ECHO)
            .withPropertyValues(base.toArray(String[]::new));
    if (reason.equals(
        "NOT_REJECTED")) { // TTL with value 0 is valid: an immediate lifetime is the caller's
      // choice
      r.run(ctx -> assertThat(ctx).hasNotFailed());
      return;
    }
    r.run(
        ctx ->
            assertThat(ctx)
                .getFailure()
                .rootCause()
                .hasMessageContaining("field '" + field + "'")
                .hasMessageContaining(reason));
  }

  @Test
  void aClientWithoutPeerFailsStartUp() {
    runner
        .withPropertyValues("reactor.sctp.clients.c.local-port=5000")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("field 'clients[c].remoteAddresses'")
                    .hasMessageContaining("at least one peer address"));
  }

  @Test
  void defaultPolicyIsGivenToMessagesWithoutOne() {
    MessageHandlerAdapter adapter = new MessageHandlerAdapter(ECHO, SctpPrPolicy.TTL, 250);
    SctpOutboundMessage plain =
        adapter.withDefaultPolicy(
            SctpOutboundMessage.builder("a")
                .streamId(3)
                .ppid(46)
                .context(7)
                .unordered(true)
                .build());
    assertThat(plain.prPolicy()).isEqualTo(SctpPrPolicy.TTL);
    assertThat(plain.prValue()).isEqualTo(250);
    assertThat(plain.streamId()).isEqualTo(3);
    assertThat(plain.ppid()).isEqualTo(46);
    assertThat(plain.context()).isEqualTo(7);
    assertThat(plain.isUnordered()).isTrue();
    assertThat(plain.content().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a");
    plain.release();
    SctpOutboundMessage own =
        SctpOutboundMessage.builder("b").prPolicy(SctpPrPolicy.RTX, 2).build();
    assertThat(adapter.withDefaultPolicy(own)).isSameAs(own);
    own.release();
  }
}
