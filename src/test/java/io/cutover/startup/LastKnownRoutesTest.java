package io.cutover.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last-known routes file: read back as written, replaced whole, nothing left beside it. */
class LastKnownRoutesTest {
  @TempDir Path data;

  @Test
  void noFileMeansNoRoutesKnown() throws Exception {
    assertEquals(List.of(), new LastKnownRoutes(data.resolve("not-yet")).read());
  }

  @Test
  void entriesAreReadBackAsWrittenAndANewWriteReplacesThemWhole() throws Exception {
    LastKnownRoutes routes = new LastKnownRoutes(data);
    List<LastKnownRoutes.Entry> first =
        List.of(
            new LastKnownRoutes.Entry("api", 7, "v3", List.of("127.0.0.1:9001", "127.0.0.1:9002")),
            new LastKnownRoutes.Entry("web", 9, "v2", List.of()));
    routes.write(first);
    assertEquals(first, routes.read());

    List<LastKnownRoutes.Entry> second = List.of(new LastKnownRoutes.Entry("web", 12, "v3", null));
    routes.write(second);

    assertEquals(second, routes.read());
    assertEquals(List.of(), second.get(0).targets());
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(List.of(routes.file()), files.toList(), "no temp file left beside it");
    }
  }
}
