package io.reactorsctp.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started from this one, with its options and class path, as JMH starts its forks: the
 * sections of {@link ForkedSection} and the peers of {@link PeerJvm} are measured with the suite's
 * JVM options (heap, compiler threads, Netty's leak detector) whatever started them.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The command that runs {@code main} with {@code arguments} in a new JVM. */
  static List<String> command(Class<?> main, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(arguments);
    return command;
  }
}
