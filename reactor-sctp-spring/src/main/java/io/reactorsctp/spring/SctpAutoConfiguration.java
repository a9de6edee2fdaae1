package io.reactorsctp.spring;

import io.netty.channel.ChannelOption;
import io.reactorsctp.reactive.SctpClient;
import io.reactorsctp.reactive.SctpEndpoint;
import io.reactorsctp.reactive.SctpLoopResources;
import io.reactorsctp.reactive.SctpServer;
import io.reactorsctp.reactive.SctpServerTransport;
import io.reactorsctp.reactive.SctpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * reactor-sctp in a Spring Boot application: shared event loops, the clients, servers and
 * one-to-many endpoints of {@code reactor.sctp.*}, the servers' and endpoints' life cycle, and each
 * client as a bean named {@code <name>SctpClient}.
 */
@AutoConfiguration
@EnableConfigurationProperties(SctpProperties.class)
public class SctpAutoConfiguration {
  /** Creates the configuration. */
  public SctpAutoConfiguration() {}

  /**
   * Returns the event loops every configured client and server runs on.
   *
   * @param properties the settings
   * @return the event loops every configured client and server runs on, shut down with the context
   */
  @Bean(destroyMethod = "dispose")
  @ConditionalOnMissingBean
  public SctpLoopResources sctpLoopResources(SctpProperties properties) {
    int threads =
        properties.getEventLoopThreads() == 0
            ? Runtime.getRuntime().availableProcessors()
            : properties.getEventLoopThreads();
    return SctpLoopResources.create(properties.getEventLoopThreadPrefix(), threads);
  }

  /** {@return the live associations of the configured clients and servers} */
  @Bean
  @ConditionalOnMissingBean
  public SctpAssociations sctpAssociations() {
    return new SctpAssociations();
  }

  /**
   * Returns the configured clients.
   *
   * @param properties the settings
   * @param loops the event loops
   * @param associations where associations are tracked
   * @param customizers applied in order to each client
   * @return the configured clients
   */
  @Bean
  @ConditionalOnMissingBean
  public SctpClients sctpClients(
      SctpProperties properties,
      SctpLoopResources loops,
      SctpAssociations associations,
      ObjectProvider<SctpClientCustomizer> customizers) {
    Map<String, SctpClient> clients = new LinkedHashMap<>();
    List<SctpClientCustomizer> ordered = customizers.orderedStream().toList();
    properties
        .getClients()
        .forEach(
            (name, p) -> {
              SctpClient client =
                  client(name, p)
                      .runOn(loops)
                      .doOnChannelInit(associations.tracker(SctpAssociations.Role.CLIENT, name));
              for (SctpClientCustomizer customizer : ordered) {
                client = customizer.customize(name, client);
              }
              clients.put(name, client);
            });
    return new SctpClients(clients);
  }

  /**
   * Returns the configured servers, bound with the context.
   *
   * @param properties the settings
   * @param loops the event loops
   * @param associations where associations are tracked
   * @param handlers the application's message handlers
   * @param customizers applied in order to each server
   * @return the configured servers, bound with the context
   * @param beanFactory where a server's named handler bean is looked up
   */
  @Bean
  @ConditionalOnMissingBean
  public SctpServers sctpServers(
      SctpProperties properties,
      SctpLoopResources loops,
      SctpAssociations associations,
      ObjectProvider<SctpMessageHandler> handlers,
      ObjectProvider<SctpServerCustomizer> customizers,
      BeanFactory beanFactory) {
    Map<String, SctpServer> servers = new LinkedHashMap<>();
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    List<SctpServerCustomizer> ordered = customizers.orderedStream().toList();
    properties
        .getServers()
        .forEach(
            (name, p) -> {
              SctpMessageHandler handler = handler(name, p, handlers, beanFactory);
              SctpServer server =
                  server(name, p)
                      .runOn(loops)
                      .doOnChannelInit(associations.tracker(SctpAssociations.Role.SERVER, name))
                      .handle(
                          new MessageHandlerAdapter(
                              handler, p.getDefaultPrPolicy(), p.getDefaultPrValue()));
              for (SctpServerCustomizer customizer : ordered) {
                server = customizer.customize(name, server);
              }
              servers.put(name, server);
              timeouts.put(name, p.getShutdownTimeout());
              addresses.put(name, requestedAddress(p));
            });
    return new SctpServers(servers, timeouts, addresses, associations);
  }

  /**
   * Returns the configured one-to-many endpoints, bound with the context.
   *
   * @param properties the settings
   * @param loops the event loops
   * @param handlers the application's message handlers
   * @param customizers applied in order to each endpoint
   * @param beanFactory where an endpoint's named handler bean is looked up
   * @return the configured endpoints, bound with the context
   */
  @Bean
  @ConditionalOnMissingBean
  public SctpEndpoints sctpEndpoints(
      SctpProperties properties,
      SctpLoopResources loops,
      ObjectProvider<SctpMessageHandler> handlers,
      ObjectProvider<SctpEndpointCustomizer> customizers,
      BeanFactory beanFactory) {
    Map<String, SctpEndpoint> endpoints = new LinkedHashMap<>();
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    List<SctpEndpointCustomizer> ordered = customizers.orderedStream().toList();
    properties
        .getEndpoints()
        .forEach(
            (name, p) -> {
              String prefix = "reactor.sctp.endpoints." + name;
              SctpMessageHandler handler =
                  handler(prefix + ".handler", p.getHandler(), handlers, beanFactory);
              SctpEndpoint endpoint =
                  bindAddress(SctpEndpoint.create(), prefix, p.getLocalAddresses(), p.getPort());
              endpoint =
                  withAssociationOptions(endpoint, p)
                      .runOn(loops)
                      .handle(
                          new MessageHandlerAdapter(
                              handler, p.getDefaultPrPolicy(), p.getDefaultPrValue()));
              for (SctpEndpointCustomizer customizer : ordered) {
                endpoint = customizer.customize(name, endpoint);
              }
              endpoints.put(name, endpoint);
              timeouts.put(name, p.getShutdownTimeout());
              addresses.put(name, requestedAddress(p.getLocalAddresses(), p.getPort()));
            });
    return new SctpEndpoints(endpoints, timeouts, addresses);
  }

  /** {@return the address a server asks for as the user configured it: {@code 10.0.0.1:3868}} */
  static String requestedAddress(SctpProperties.Server p) {
    return requestedAddress(p.getLocalAddresses(), p.getPort());
  }

  private static String requestedAddress(List<String> localAddresses, int port) {
    List<String> hosts = localAddresses.isEmpty() ? List.of("*") : localAddresses;
    return String.join(
        ",", hosts.stream().map(h -> (h.contains(":") ? "[" + h + "]" : h) + ":" + port).toList());
  }

  /**
   * Registers each configured client as a bean {@code <name>SctpClient}, unless a bean of that name
   * exists.
   *
   * @param environment where {@code reactor.sctp.clients} is read
   * @return the registrar
   */
  @Bean
  public static BeanDefinitionRegistryPostProcessor sctpClientBeansRegistrar(
      Environment environment) {
    return registry -> {
      Map<String, SctpProperties.Client> clients =
          Binder.get(environment)
              .bind(
                  "reactor.sctp.clients", Bindable.mapOf(String.class, SctpProperties.Client.class))
              .orElse(Map.of());
      for (String name : clients.keySet()) {
        String beanName = name + "SctpClient";
        if (!registry.containsBeanDefinition(beanName)) {
          registry.registerBeanDefinition(beanName, clientBean(registry, name));
        }
      }
    };
  }

  private static RootBeanDefinition clientBean(BeanDefinitionRegistry registry, String name) {
    BeanFactory beanFactory = (BeanFactory) registry;
    RootBeanDefinition definition =
        new RootBeanDefinition(
            SctpClient.class, () -> beanFactory.getBean(SctpClients.class).client(name));
    definition.setDefaultCandidate(
        false); // injected by name, or through SctpClients, never as "the" SctpClient
    return definition;
  }

  static SctpMessageHandler handler(
      String name,
      SctpProperties.Server p,
      ObjectProvider<SctpMessageHandler> all,
      BeanFactory beanFactory) {
    return handler("reactor.sctp.servers." + name + ".handler", p.getHandler(), all, beanFactory);
  }

  /** {@return the handler bean named by {@code property}, or, when unset, the only one} */
  private static SctpMessageHandler handler(
      String property,
      String beanName,
      ObjectProvider<SctpMessageHandler> all,
      BeanFactory beanFactory) {
    if (beanName != null) {
      if (!beanFactory.containsBean(beanName)) {
        throw new IllegalStateException(property + ": no bean named " + beanName);
      }
      return beanFactory.getBean(beanName, SctpMessageHandler.class);
    }
    List<SctpMessageHandler> candidates = all.stream().toList();
    if (candidates.size() != 1) {
      throw new IllegalStateException(
          property
              + ": not set, and there "
              + (candidates.isEmpty()
                  ? "is no SctpMessageHandler bean"
                  : "are " + candidates.size() + " SctpMessageHandler beans")
              + "; name the one serving this server");
    }
    return candidates.getFirst();
  }

  /** {@return the client the properties describe, before event loops, hooks and customizers} */
  static SctpClient client(String name, SctpProperties.Client p) {
    String prefix = "reactor.sctp.clients." + name;
    List<InetSocketAddress> remote =
        SctpOptions.addresses(
            prefix + ".remote-addresses", p.getRemoteAddresses(), p.getRemotePort());
    SctpClient client = SctpClient.create();
    client =
        remote.size() == 1
            ? client.remoteAddress(remote.getFirst())
            : client.remoteAddresses(remote);
    if (!p.getLocalAddresses().isEmpty()) {
      List<InetSocketAddress> local =
          SctpOptions.addresses(
              prefix + ".local-addresses", p.getLocalAddresses(), p.getLocalPort());
      client =
          local.size() == 1 ? client.localAddress(local.getFirst()) : client.localAddresses(local);
    } else if (p.getLocalPort() != 0) {
      client = client.localAddress(new InetSocketAddress(p.getLocalPort()));
    }
    return withAssociationOptions(client, p);
  }

  /**
   * {@return the server the properties describe, before event loops, handler, hooks and
   * customizers}
   */
  static SctpServer server(String name, SctpProperties.Server p) {
    SctpServer server =
        bindAddress(
            SctpServer.create(),
            "reactor.sctp.servers." + name,
            p.getLocalAddresses(),
            p.getPort());
    return withAssociationOptions(server, p);
  }

  /** {@return {@code transport} bound to the configured local addresses and port} */
  private static <T extends SctpServerTransport<T, ?, ?>> T bindAddress(
      T transport, String prefix, List<String> localAddresses, int port) {
    if (localAddresses.isEmpty()) {
      return transport.port(port);
    }
    List<InetSocketAddress> local =
        SctpOptions.addresses(prefix + ".local-addresses", localAddresses, port);
    return local.size() == 1
        ? transport.bindAddress(local.getFirst())
        : transport.bindAddresses(local);
  }

  /**
   * {@return {@code transport} with what the properties of any association set: stream counts and
   * options}
   */
  @SuppressWarnings("unchecked")
  private static <T extends SctpTransport<T, ?>> T withAssociationOptions(
      T transport, SctpProperties.Association p) {
    T configured = transport.streams(p.getStreams().getOutbound(), p.getStreams().getInbound());
    for (Map.Entry<ChannelOption<?>, Object> option : SctpOptions.of(p).entrySet()) {
      configured = configured.option((ChannelOption<Object>) option.getKey(), option.getValue());
    }
    return configured;
  }
}
