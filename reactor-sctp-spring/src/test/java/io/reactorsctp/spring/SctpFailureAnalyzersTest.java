package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactorsctp.Errno;
import io.reactorsctp.SctpNativeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The failure analyzers on cause chains built as Spring builds them at start-up. */
class SctpFailureAnalyzersTest {

  /** Six levels deep, as a kernel without SCTP fails a bean's creation. */
  private static Throwable wrapped(Throwable cause) {
    Throwable t = cause;
    t = new IllegalStateException("socket failed", t);
    t = new RuntimeException(t);
    t = new BeanCreationException("sctpLoopResources", "Failed to instantiate", t);
    t = new BeanCreationException("sctpClients", "Unsatisfied dependency", t);
    t = new BeanCreationException("application", "Unsatisfied dependency", t);
    return t;
  }

  @Test
  void noSctpInTheKernelIsExplainedWithItsAction() {
    FailureAnalysis analysis =
        new NoSctpFailureAnalyzer()
            .analyze(wrapped(SctpNativeException.of("socket", Errno.EPROTONOSUPPORT)));
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .contains("This kernel has no SCTP support")
        .contains("EPROTONOSUPPORT");
    assertThat(analysis.getAction())
        .contains("Load the module: modprobe sctp")
        .contains("run the JVM through tools/sctp-vm");
  }

  @Test
  void noSctpNamesTheServerThatFailedToBind() {
    Throwable failure =
        new ApplicationContextException(
            "Failed to start bean 'sctpServers'",
            new SctpBindException(
                "echo", "127.0.0.1:3868", SctpNativeException.of("socket", Errno.EPROTONOSUPPORT)));
    assertThat(new NoSctpFailureAnalyzer().analyze(failure).getDescription())
        .contains("server 'echo' binding to 127.0.0.1:3868");
  }

  @Test
  void addressInUseNamesTheServerItsAddressAndItsPortProperty() {
    Throwable failure =
        new ApplicationContextException(
            "Failed to start bean 'sctpServers'",
            new SctpBindException(
                "echo",
                "127.0.0.1:3868",
                SctpNativeException.of("bind 127.0.0.1:3868", Errno.EADDRINUSE)));
    FailureAnalysis analysis = new AddressInUseFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .contains("SCTP server 'echo' could not bind to 127.0.0.1:3868")
        .contains("already in use")
        .contains("EADDRINUSE");
    assertThat(analysis.getAction())
        .contains("Choose another reactor.sctp.servers.echo.port")
        .contains("stop the process holding 127.0.0.1:3868");
  }

  @Test
  void addressInUseOutsideAConfiguredServerStillExplains() {
    FailureAnalysis analysis =
        new AddressInUseFailureAnalyzer()
            .analyze(wrapped(SctpNativeException.of("bind 10.0.0.1:2905", Errno.EADDRINUSE)));
    assertThat(analysis.getDescription()).contains("bind 10.0.0.1:2905").contains("in use");
    assertThat(analysis.getAction()).contains("stop the process holding");
  }

  @Test
  void eachAnalyzerLeavesOtherFailuresAlone() {
    Throwable refused = wrapped(SctpNativeException.of("connect", Errno.ECONNREFUSED));
    Throwable unrelated = wrapped(new IllegalArgumentException("no"));
    Throwable noSctp = wrapped(SctpNativeException.of("socket", Errno.EPROTONOSUPPORT));
    Throwable inUse = wrapped(SctpNativeException.of("bind", Errno.EADDRINUSE));
    for (Throwable t : List.of(refused, unrelated)) {
      assertThat(new NoSctpFailureAnalyzer().analyze(t)).isNull();
      assertThat(new AddressInUseFailureAnalyzer().analyze(t)).isNull();
    }
    assertThat(new NoSctpFailureAnalyzer().analyze(inUse)).isNull();
    assertThat(new AddressInUseFailureAnalyzer().analyze(noSctp)).isNull();
  }

  @Test
  void bothAreRegisteredWhereSpringBootLooksForAnalyzers() {
    List<FailureAnalyzer> analyzers =
        SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
            .load(
                FailureAnalyzer.class,
                null,
                // Boot's own analyzers that want constructor arguments: not what is checked here
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {}));
    assertThat(analyzers)
        .hasAtLeastOneElementOfType(NoSctpFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(AddressInUseFailureAnalyzer.class);
  }
}
