package io.cutover.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesFolderWatchTest {
  @TempDir Path dir;
  private final AtomicInteger changes = new AtomicInteger();
  private ServicesFolderWatch watch;

  @AfterEach
  void stop() {
    watch.close();
  }

  @Test
  void aNewFileIsSeenOnceItSettled() throws Exception {
    watch = new ServicesFolderWatch(dir, Duration.ofMillis(50), changes::incrementAndGet).start();

    Files.writeString(dir.resolve("web.yaml"), "routes: {}\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 1);
  }

  @Test
  void anEditAndADeletionAreSeen() throws Exception {
    Path file = Files.writeString(dir.resolve("web.yaml"), "routes: {}\n");
    watch = new ServicesFolderWatch(dir, Duration.ofMillis(50), changes::incrementAndGet).start();

    Files.writeString(file, "routes: {hosts: [web.localhost]}\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 1);
    Files.delete(file);
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 2);
  }

  @Test
  void aChangeAfterAReloadByOtherMeansIsSeen() throws Exception {
    watch = new ServicesFolderWatch(dir, Duration.ofMillis(50), changes::incrementAndGet).start();
    Path file = Files.writeString(dir.resolve("web.yaml"), "routes: {}\n");
    watch.loaded(); // the reload API read the folder with the file in it

    Files.delete(file);

    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
  }

  @Test
  void aFolderThatAppearsLaterIsWatched() throws Exception {
    Path later = dir.resolve("services");
    watch = new ServicesFolderWatch(later, Duration.ofMillis(50), changes::incrementAndGet).start();

    Files.createDirectory(later);
    Files.writeString(later.resolve("web.yaml"), "routes: {}\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
  }

  @Test
  void onlyVisibleYamlFilesAreServiceFiles() throws Exception {
    watch = new ServicesFolderWatch(dir, Duration.ofMillis(50), changes::incrementAndGet);
    Files.writeString(dir.resolve(".web.yaml.swp"), "x");
    Files.writeString(dir.resolve("web.yaml~"), "x");
    Files.writeString(dir.resolve("notes.txt"), "x");
    Files.writeString(dir.resolve("web.yaml"), "x");

    assertEquals(List.of(dir.resolve("web.yaml")), ServicesFolder.list(dir));
  }
}
