package io.reactorsctp.reactive;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.scheduler.NonBlocking;

/**
 * reactor-sctp's part of <a href="https://github.com/reactor/BlockHound">BlockHound</a>'s checks,
 * found by {@code BlockHound.install()} through {@link java.util.ServiceLoader} as reactor-netty's
 * is: an application that installs BlockHound in its tests needs nothing else.
 *
 * <p>The event-loop threads of {@link SctpLoopResources} are Reactor {@link NonBlocking} threads,
 * so a blocking call on them (a {@code block()}, a sleep, a blocking socket or file read in a
 * handler) raises BlockHound's {@code BlockingOperationError}. The library itself makes no blocking
 * call on them: {@code BlockHoundIntegrationTest} runs echoes, receipts and a one-to-many endpoint
 * under BlockHound with nothing allowed here.
 */
public final class SctpBlockHoundIntegration implements BlockHoundIntegration {

  /** Used by {@link java.util.ServiceLoader}. */
  public SctpBlockHoundIntegration() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    // Reactor's own integration marks NonBlocking threads too, but only when it finds reactor-core;
    // this keeps our loops checked whatever integrations an application selects.
    builder.nonBlockingThreadPredicate(current -> current.or(NonBlocking.class::isInstance));
  }
}
