package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactorsctp.channel.SctpUdpEncapsulationUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A property the kernel refuses is not dropped: with the guest's {@code net.sctp.udp_port} at 0, a
 * client configured for SCTP over UDP fails {@code connect()} with the typed error naming the
 * option (the starter's clients are the reactive builders, so they fail as {@code
 * RefusedOptionTest} shows for those).
 */
class SctpRefusedOptionTest {
  private static final Path UDP_PORT_SYSCTL = Path.of("/proc/sys/net/sctp/udp_port");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SctpAutoConfiguration.class))
          .withPropertyValues("reactor.sctp.event-loop-threads=1");
  private String udpPortBefore;

  @BeforeEach
  void udpPortOff() throws Exception {
    udpPortBefore = Files.readString(UDP_PORT_SYSCTL).trim();
    Files.writeString(UDP_PORT_SYSCTL, "0");
  }

  @AfterEach
  void udpPortBack() throws Exception {
    Files.writeString(UDP_PORT_SYSCTL, udpPortBefore);
  }

  @Test
  void aClientWithARefusedOptionFailsConnectNamingIt() {
    runner
        .withPropertyValues(
            "reactor.sctp.clients.peer.remote-addresses=127.0.0.1",
            "reactor.sctp.clients.peer.remote-port=3868",
            "reactor.sctp.clients.peer.udp-encapsulation-port=9899")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThatThrownBy(
                      () ->
                          ctx.getBean(SctpClients.class)
                              .client("peer")
                              .connectNow(Duration.ofSeconds(30)))
                  .isInstanceOf(SctpUdpEncapsulationUnavailableException.class)
                  .hasMessageContaining("SCTP_REMOTE_UDP_ENCAPS_PORT")
                  .hasMessageContaining("net.sctp.udp_port = 0");
            });
  }
}
