package io.reactorsctp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The configuration metadata the build generates (spring-boot-configuration-processor, merged with
 * additional-spring-configuration-metadata.json): what IDEs complete and document.
 */
class SctpConfigurationMetadataTest {

  @Test
  void everyPropertyHasADescriptionAndAType() throws IOException {
    List<Map<String, Object>> properties = properties();
    assertThat(properties)
        .extracting(p -> p.get("name"))
        .contains(
            "management.health.sctp.enabled",
            "reactor.sctp.health.client-down-after",
            "reactor.sctp.clients",
            "reactor.sctp.servers",
            "reactor.sctp.metrics.enabled");
    assertThat(properties)
        .allSatisfy(
            p -> {
              assertThat((String) p.get("description"))
                  .as("description of %s", p.get("name"))
                  .isNotBlank();
              assertThat((String) p.get("type")).as("type of %s", p.get("name")).isNotBlank();
            });
  }

  /** {@return the properties of this module's metadata: the copy in its build output, not a jar} */
  private static List<Map<String, Object>> properties() throws IOException {
    List<URL> ours =
        Collections.list(
                SctpConfigurationMetadataTest.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))
            .stream()
            .filter(url -> url.getProtocol().equals("file"))
            .filter(url -> url.getPath().contains("reactor-sctp-spring"))
            .toList();
    assertThat(ours).as("the generated metadata in the build output").hasSize(1);
    try (InputStream in = ours.getFirst().openStream()) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return objects(array(json, "properties")).stream()
          .map(o -> JsonParserFactory.getJsonParser().parseMap(o))
          .toList();
    }
  }

  /** {@return the text of the top-level array {@code key}, brackets excluded} */
  private static String array(String json, String key) {
    int start = json.indexOf('[', json.indexOf("\"" + key + "\""));
    return json.substring(start + 1, end(json, start, '[', ']'));
  }

  /** {@return each top-level object of an array's text} */
  private static List<String> objects(String array) {
    List<String> objects = new java.util.ArrayList<>();
    for (int i = array.indexOf('{'); i >= 0; ) {
      int end = end(array, i, '{', '}');
      objects.add(array.substring(i, end + 1));
      i = array.indexOf('{', end);
    }
    return objects;
  }

  /** {@return the index of the bracket closing the one at {@code start}, skipping strings} */
  private static int end(String s, int start, char open, char close) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unbalanced " + open + " at " + start);
  }
}
