package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.channel.EpollSctpChannel;
import io.reactorsctp.reactive.SctpConnection;
import io.reactorsctp.reactive.SctpLoopResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The client status policy of the health indicator: UNKNOWN while not connected yet, connecting or
 * disconnected, DOWN once {@code reactor.sctp.health.client-down-after} has passed, UP with an
 * ESTABLISHED association.
 */
class SctpHealthPolicyTest {

  private static final int PORT = 39876;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SctpAutoConfiguration.class, SctpHealthAutoConfiguration.class))
          .withPropertyValues(
              "reactor.sctp.event-loop-threads=1",
              "reactor.sctp.clients.x.remote-addresses=127.0.0.1",
              "reactor.sctp.clients.x.remote-port=" + PORT);

  @Test
  void aClientNotConnectedYetIsUnknownWithItsStateAndSince() {
    runner.run(
        ctx -> {
          Health health = ctx.getBean(SctpHealthIndicator.class).health();
          assertThat(health.getStatus().getCode()).isEqualTo("UNKNOWN");
          Map<String, Object> x = client(health);
          assertThat(x).containsEntry("status", "UNKNOWN").containsEntry("state", "not connected");
          assertThat(Instant.parse((String) x.get("since"))).isBeforeOrEqualTo(Instant.now());
        });
  }

  @Test
  void aClientIsDownOnceClientDownAfterHasPassed() {
    runner
        .withPropertyValues("reactor.sctp.health.client-down-after=0s")
        .run(
            ctx -> {
              Health health = ctx.getBean(SctpHealthIndicator.class).health();
              assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
              assertThat(client(health))
                  .containsEntry("status", "DOWN")
                  .containsEntry("state", "not connected");
            });
  }

  @Test
  void aClientSettingUpAnAssociationIsConnecting() {
    runner.run(
        ctx -> {
          SctpAssociations associations = ctx.getBean(SctpAssociations.class);
          SctpHealthIndicator indicator = ctx.getBean(SctpHealthIndicator.class);
          // A client channel registered and not yet active: what connect() holds until
          // COOKIE-ACK, taken through the same tracker the configured client carries.
          EpollSctpChannel channel = new EpollSctpChannel();
          ctx.getBean(SctpLoopResources.class).group().register(channel).sync();
          associations.tracker(SctpAssociations.Role.CLIENT, "x").accept(channel);
          Eventually.until(
              "the tracker added",
              () -> associations.endpoint(SctpAssociations.Role.CLIENT, "x").isConnecting());
          assertThat(client(indicator.health()))
              .containsEntry("status", "UNKNOWN")
              .containsEntry("state", "connecting");
          channel.close().sync();
          Eventually.until(
              "the attempt ended",
              () -> !associations.endpoint(SctpAssociations.Role.CLIENT, "x").isConnecting());
          assertThat(client(indicator.health())).containsEntry("state", "not connected");
        });
  }

  @Test
  void aConnectedClientIsUpAndUnknownAgainOnceDisconnected() {
    runner
        .withBean(SctpMessageHandler.class, () -> SctpAutoConfigurationTest.ECHO)
        .withPropertyValues(
            "reactor.sctp.servers.s.local-addresses=127.0.0.1",
            "reactor.sctp.servers.s.port=" + PORT)
        .run(
            ctx -> {
              SctpHealthIndicator indicator = ctx.getBean(SctpHealthIndicator.class);
              SctpConnection c = ctx.getBean(SctpClients.class).client("x").connectNow();
              Health up = indicator.health();
              assertThat(up.getStatus().getCode()).isEqualTo("UP");
              assertThat(client(up)).containsEntry("status", "UP").doesNotContainKey("state");

              c.abort();
              SctpAssociations.Endpoint x =
                  ctx.getBean(SctpAssociations.class).endpoint(SctpAssociations.Role.CLIENT, "x");
              Eventually.until("the association ended", () -> x.lastEnded() != null);
              Health after = indicator.health();
              assertThat(after.getStatus().getCode()).isEqualTo("UNKNOWN");
              assertThat(client(after))
                  .containsEntry("status", "UNKNOWN")
                  .containsEntry("state", "disconnected")
                  .containsEntry("since", x.lastEnded().at().toString())
                  .containsKey("lastEnded");
            });
  }

  @Test
  void aConnectedClientWhoseLoopIsBusyStaysUpWithoutItsKernelFigures() throws Exception {
    runner
        .withBean(SctpMessageHandler.class, () -> SctpAutoConfigurationTest.ECHO)
        .withPropertyValues(
            "reactor.sctp.servers.s.local-addresses=127.0.0.1",
            "reactor.sctp.servers.s.port=" + PORT)
        .run(
            ctx -> {
              SctpHealthIndicator indicator = ctx.getBean(SctpHealthIndicator.class);
              SctpConnection c = ctx.getBean(SctpClients.class).client("x").connectNow();
              // The one event loop is held for longer than the probe waits (2 s): a slow loop,
              // as under load, is not an association that ended.
              CountDownLatch release = new CountDownLatch(1);
              ctx.getBean(SctpLoopResources.class)
                  .group()
                  .next()
                  .execute(
                      () -> {
                        try {
                          release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
              try {
                Health busy = indicator.health();
                assertThat(busy.getStatus().getCode()).isEqualTo("UP");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> associations =
                    (List<Map<String, Object>>) client(busy).get("associations");
                assertThat(associations)
                    .singleElement()
                    .satisfies(
                        a ->
                            assertThat(a)
                                .containsEntry("status", "UP")
                                .containsEntry(
                                    "state", "not read: its event loop did not answer within 2 s"));
              } finally {
                release.countDown();
              }
              c.dispose();
            });
  }

  @Test
  void inTheReadinessGroupAClientCountsOnlyOnceDown() {
    ApplicationContextRunner withReadiness =
        runner
            .withConfiguration(
                AutoConfigurations.of(
                    ApplicationAvailabilityAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class,
                    AvailabilityProbesAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class))
            .withPropertyValues(
                "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.readiness.include=readinessState,sctp");
    withReadiness.run(
        ctx -> {
          AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
          assertThat(readiness(ctx))
              .as("a client not connected yet keeps the instance ready")
              .isEqualTo("UP");
        });
    withReadiness
        .withPropertyValues("reactor.sctp.health.client-down-after=0s")
        .run(
            ctx -> {
              AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
              assertThat(readiness(ctx)).as("a client down makes it unready").isEqualTo("DOWN");
            });
  }

  private static String readiness(ApplicationContext ctx) {
    return ctx.getBean(HealthEndpoint.class).healthForPath("readiness").getStatus().getCode();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> client(Health health) {
    return ((Map<String, Map<String, Object>>) health.getDetails().get("clients")).get("x");
  }
}
