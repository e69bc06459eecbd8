package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cutover.release.ReleaseEventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's static files, read as shipped: what the page may do, and what it must know. */
class DashboardAssetsTest {
  private static final List<String> FILES = List.of("index.html", "dashboard.js", "dashboard.css");

  @Test
  void theScriptListensForEveryReleaseEventType() {
    String script = asset("dashboard.js");
    // EventSource hands a named event only to a listener of that name: a type missing here would
    // never show in the page's step log.
    List<String> missing =
        Arrays.stream(ReleaseEventType.values())
            .map(ReleaseEventType::value)
            .filter(type -> !script.contains("'" + type + "'"))
            .toList();
    assertEquals(List.of(), missing);
  }

  @Test
  void thePageFetchesNothingFromAnotherHost() {
    Pattern url = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s'\"]*");
    for (String file : FILES) {
      Matcher found = url.matcher(asset(file));
      while (found.find()) {
        // The SVG namespace is a name, never fetched.
        assertEquals("http://www.w3.org/2000/svg", found.group(), file);
      }
    }
  }

  @Test
  void theScriptNeverParsesDataAsHtmlNorKeepsTheToken() {
    String script = asset("dashboard.js");
    for (String risky :
        List.of(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "localStorage",
            "sessionStorage",
            "document.cookie",
            "eval(")) {
      assertFalse(script.contains(risky), risky);
    }
  }

  private static String asset(String name) {
    try (InputStream in =
        DashboardAssetsTest.class.getResourceAsStream("/META-INF/resources/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
