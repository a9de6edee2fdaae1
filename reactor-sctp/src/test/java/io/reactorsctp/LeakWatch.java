package io.reactorsctp;

import io.netty.util.ResourceLeakDetector;
import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the resource tests watch: the leaks Netty's {@link ResourceLeakDetector} reports (through
 * java.util.logging, while open) and the process's open file descriptors. Closing restores the
 * detector's level.
 */
public final class LeakWatch implements AutoCloseable {
  private static final Logger DETECTOR_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());

  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
            leaks.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private LeakWatch(ResourceLeakDetector.Level level) {
    ResourceLeakDetector.setLevel(level);
    DETECTOR_LOG.addHandler(capture);
  }

  /** {@return a watch recording leak reports at {@code level} until closed} */
  public static LeakWatch at(ResourceLeakDetector.Level level) {
    return new LeakWatch(level);
  }

  /** {@return a watch recording leak reports at the detector's current level until closed} */
  public static LeakWatch atCurrentLevel() {
    return new LeakWatch(ResourceLeakDetector.getLevel());
  }

  /** {@return the leak reports so far} */
  public List<String> leaks() {
    return leaks;
  }

  /** {@return the process's open file descriptors, or -1 without {@code /proc/self/fd}} */
  public static long openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Override
  public void close() {
    DETECTOR_LOG.removeHandler(capture);
    ResourceLeakDetector.setLevel(previous);
  }
}
