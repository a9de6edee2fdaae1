package io.reactorsctp.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our layouts against the sizes and offsets gcc gives for linux/sctp.h, sys/socket.h and
 * netinet/in.h on x86_64: every {@link StructLayout} of {@link SctpStructs}, its size and every
 * named member's offset (nested structs too), compiled and measured by gcc.
 */
class SctpStructsTest {

  /** C types whose name is not {@code struct} and the layout's name in lower case. */
  private static final Map<String, String> C_TYPES =
      Map.of(
          "SCTP_SN_HEADER", "sn_header_t",
          "SCTP_PEELOFF_ARG", "sctp_peeloff_arg_t",
          "SCTP_PEELOFF_FLAGS_ARG", "sctp_peeloff_flags_arg_t");

  @Test
  void everyLayoutMatchesTheCCompiler(@TempDir Path dir) throws Exception {
    // The cross-check is the point of this test: without a compiler it fails rather than skips
    // (.ci/run installs both).
    assertThat(
            Files.isExecutable(Path.of("/usr/bin/gcc"))
                && Files.isReadable(Path.of("/usr/include/linux/sctp.h")))
        .as("gcc (package gcc) and /usr/include/linux/sctp.h (package linux-libc-dev) are needed")
        .isTrue();
    Map<String, Long> expected = new LinkedHashMap<>();
    StringBuilder c =
        new StringBuilder(
            """
        #include <stdio.h>
        #include <stddef.h>
        #include <sys/socket.h>
        #include <sys/uio.h>
        #include <netinet/in.h>
        #include <linux/sctp.h>
        typedef __typeof__(((union sctp_notification *) 0)->sn_header) sn_header_t;
        int main(void) {
        """);
    for (Field f : SctpStructs.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != StructLayout.class) {
        continue;
      }
      StructLayout layout = (StructLayout) f.get(null);
      String type = C_TYPES.getOrDefault(f.getName(), "struct " + f.getName().toLowerCase());
      c.append("  printf(\"%s sizeof %zu\\n\", \"")
          .append(f.getName())
          .append("\", sizeof(")
          .append(type)
          .append("));\n");
      expected.put(f.getName() + " sizeof", layout.byteSize());
      for (String member : members(layout, "")) {
        c.append("  printf(\"%s %s %zu\\n\", \"")
            .append(f.getName())
            .append("\", \"")
            .append(member)
            .append("\", offsetof(")
            .append(type)
            .append(", ")
            .append(member)
            .append("));\n");
        expected.put(f.getName() + " " + member, layout.byteOffset(path(member)));
      }
    }
    c.append("  return 0;\n}\n");
    Path source = dir.resolve("structs.c");
    Files.writeString(source, c);
    Path binary = dir.resolve("structs");
    run(dir, "/usr/bin/gcc", "-o", binary.toString(), source.toString());
    Map<String, Long> actual = new LinkedHashMap<>();
    for (String line : run(dir, binary.toString())) {
      int space = line.lastIndexOf(' ');
      actual.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
    }
    assertThat(actual).as("gcc's sizes and offsets (the C program: %s)", c).isEqualTo(expected);
    assertThat(expected).as("layouts measured").hasSizeGreaterThan(200);
  }

  /** Named members, nested structs' as {@code outer.inner}; padding has no name in C. */
  private static List<String> members(GroupLayout layout, String prefix) {
    List<String> out = new ArrayList<>();
    for (MemoryLayout m : layout.memberLayouts()) {
      if (m instanceof PaddingLayout || m.name().isEmpty()) {
        continue;
      }
      String name = prefix + m.name().get();
      out.add(name);
      if (m instanceof GroupLayout inner) {
        out.addAll(members(inner, name + "."));
      }
    }
    return out;
  }

  private static PathElement[] path(String member) {
    return Arrays.stream(member.split("\\."))
        .map(PathElement::groupElement)
        .toArray(PathElement[]::new);
  }

  private static List<String> run(Path dir, String... command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), lines).isZero();
    return lines;
  }

  @Test
  void ppidTravelsInNetworkByteOrder() {
    assertThat(SendMsg.ppidToNetwork(46)).isEqualTo(0x2E000000);
    assertThat(SendMsg.ppidFromNetwork(SendMsg.ppidToNetwork(46))).isEqualTo(46);
  }
}
