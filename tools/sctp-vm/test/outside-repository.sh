#!/usr/bin/env bash
# Checks that the launcher runs a JVM for a project outside this repository (docs/test-harness.md, "Your own
# project"): from a fresh directory under /tmp (which the guest replaces with its own tmpfs), a tiny program opens an
# SCTP association over the guest's loopback with the JDK's com.sun.nio.sctp, sends one message on stream 1, reads
# it back and writes a file into its working directory; the run directory lands in ./target/sctp-vm there.
# Usage: outside-repository.sh JAVA (a JDK 25's bin/java). Run by the examples module's build (exec-maven-plugin).
set -euo pipefail
java=${1:?usage: outside-repository.sh /path/to/jdk/bin/java}
launcher=$(cd "$(dirname "$0")/.." && pwd)/bin/java
dir=$(mktemp -d /tmp/sctp-vm-outside-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/SctpProbe.java" <<'JAVA'
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class SctpProbe {
  public static void main(String[] args) throws Exception {
    try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 2, 2);
        SctpChannel accepted = server.accept()) {
      client.send(ByteBuffer.wrap("probe".getBytes(StandardCharsets.US_ASCII)),
          MessageInfo.createOutgoing(null, 1));
      ByteBuffer in = ByteBuffer.allocate(64);
      MessageInfo info = accepted.receive(in, null, null);
      String got = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII) + " on stream " + info.streamNumber();
      Files.writeString(Path.of("received.txt"), got);
      System.out.println("sctp-vm probe: " + got + " in " + Path.of("").toAbsolutePath());
    }
  }
}
JAVA
"$(dirname "$java")/javac" -d "$dir" "$dir/SctpProbe.java"
# stdin as the build gives it (Maven's exec plugin: a pipe that never reaches EOF): the launcher must end anyway.
out=$(cd "$dir" && SCTP_VM_REAL_JAVA=$java SCTP_VM_PROGRESS=0 "$launcher" -cp . SctpProbe 2>&1) || {
  echo "outside-repository: the launcher failed in $dir: $out" >&2; exit 1; }
fail() { echo "outside-repository: $*; output: $out" >&2; exit 1; }
[ "$out" = "sctp-vm probe: probe on stream 1 in $dir" ] || fail "unexpected output"
[ "$(cat "$dir/received.txt" 2>/dev/null)" = "probe on stream 1" ] || fail "the guest did not write $dir/received.txt"
if ! grep -q '^SCTP' /proc/net/protocols 2>/dev/null; then
  ls -d "$dir"/target/sctp-vm/run-* >/dev/null 2>&1 || fail "no run directory under $dir/target/sctp-vm"
fi
echo "outside-repository: ok ($out)"
