package io.reactorsctp.examples.diameter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code tools/example diameter-server} and {@code diameter-client}: positional
 * arguments, then {@code --name value} options. Bad input is an {@link IllegalArgumentException}
 * naming the argument and what it may be.
 */
final class ExampleOptions {

  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  ExampleOptions(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positional.add(a);
      } else if (!known.contains(a)) {
        throw new IllegalArgumentException(a + ": unknown option (known: " + known + ")");
      } else if (i + 1 == args.length) {
        throw new IllegalArgumentException(a + ": needs a value");
      } else {
        options.put(a, args[++i]);
      }
    }
  }

  int positionalCount() {
    return positional.size();
  }

  String positional(int index, String name) {
    if (index >= positional.size()) {
      throw new IllegalArgumentException(name + ": missing");
    }
    return positional.get(index);
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  static int intIn(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalArgumentException(
        name + ": '" + value + "' is not a whole number in " + min + ".." + max);
  }

  /**
   * @param name the option, for the error
   * @param value comma-separated Application-Ids (0..4294967295) or {@code relay}
   */
  static DiameterApplications applications(String name, String value) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (String id : value.split(",")) {
      String trimmed = id.strip();
      if (trimmed.equalsIgnoreCase("relay")) {
        ids.add(Diameter.RELAY_APPLICATION);
        continue;
      }
      try {
        ids.add(Integer.parseUnsignedInt(trimmed));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + ": '" + trimmed + "' is neither an Application-Id (0..4294967295) nor relay");
      }
    }
    try {
      return new DiameterApplications(ids);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
