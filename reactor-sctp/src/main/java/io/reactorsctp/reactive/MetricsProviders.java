package io.reactorsctp.reactive;

import io.netty.channel.Channel;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Finds the {@link SctpMetricsProvider} for {@code metrics(true)}, with a clear error if none. */
final class MetricsProviders {

  static Consumer<Channel> binder(String endpointName) {
    SctpMetricsProvider provider;
    try {
      provider =
          ServiceLoader.load(SctpMetricsProvider.class, SctpMetricsProvider.class.getClassLoader())
              .findFirst()
              .orElse(null);
    } catch (ServiceConfigurationError | LinkageError e) {
      throw noProvider(e);
    }
    if (provider == null) {
      throw noProvider(null);
    }
    return provider.binder(endpointName);
  }

  private static IllegalStateException noProvider(Throwable cause) {
    return new IllegalStateException(
        "metrics: no meters without Micrometer: add io.micrometer:micrometer-core to the"
            + " application (on the module path, the module io.reactorsctp reads micrometer.core"
            + " then)",
        cause);
  }

  private MetricsProviders() {}
}
