/**
 * Spring Boot auto-configuration for reactor-sctp: SCTP servers and clients from {@code
 * reactor.sctp.*} properties, message handler beans, and, when their Spring Boot modules are
 * present, health and Micrometer meters.
 *
 * <p>reactor-sctp calls native code: grant it native access ({@code
 * --enable-native-access=io.reactorsctp} on the module path, {@code
 * --enable-native-access=ALL-UNNAMED} on the class path).
 */
// Spring and Micrometer are automatic modules (a stable manifest name, no descriptor): javac warns
// at each requires of one; that is the state of those libraries, not something to fix here.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.reactorsctp.spring {
  exports io.reactorsctp.spring;

  // Spring reads the auto-configurations and binds SctpProperties by reflection, and proxies
  // configuration classes.
  opens io.reactorsctp.spring;

  requires transitive io.reactorsctp;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.boot;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.core;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires org.apache.commons.logging;

  // Optional, as in the POM: the health indicator is configured only where spring-boot-health is
  // present.
  requires static transitive spring.boot.health;
}
