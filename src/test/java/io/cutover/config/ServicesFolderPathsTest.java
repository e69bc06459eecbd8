package io.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only files inside the services folder are read, and every name is shown as it can be read. */
class ServicesFolderPathsTest {
  private static final String GOOD = TestServicesFolder.goodYaml("web", 1);

  @TempDir Path root;
  private Path services;
  private Path outside;

  @BeforeEach
  void folders() throws Exception {
    services = Files.createDirectory(root.resolve("services"));
    outside = Files.createDirectory(root.resolve("secrets"));
  }

  @Test
  void aLinkToAFileOutsideTheFolderIsRefusedUnread() throws Exception {
    Path secret = Files.writeString(outside.resolve("db.yaml"), "password: hunter2\n");
    Files.createSymbolicLink(services.resolve("web.yaml"), Path.of("../secrets/db.yaml"));

    ServiceFile file = only(read());

    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, file.result());
    assertEquals("web", refused.service());
    ConfigProblem problem = refused.problems().get(0);
    assertEquals(secret.toRealPath().toString(), problem.value());
    assertTrue(
        problem.reason().startsWith("refused unread: the file links to a place outside"),
        problem.reason());
    assertFalse(problem.message().contains("hunter2"), problem.message());
    assertFalse(problem.message().contains("password"), problem.message());
  }

  @Test
  void aLinkThroughDotDotBackIntoTheFolderIsRead() throws Exception {
    Files.createDirectory(services.resolve(".versions"));
    Files.writeString(services.resolve(".versions/web.yaml"), GOOD);
    Files.createSymbolicLink(
        services.resolve("web.yaml"), Path.of("../services/.versions/../.versions/web.yaml"));

    assertInstanceOf(ParseResult.Accepted.class, only(read()).result());
  }

  @Test
  void aKubernetesConfigMapVolumeIsRead() throws Exception {
    // What the kubelet writes: web.yaml -> ..data/web.yaml, ..data -> ..2026_12_02_17_00_00.1
    Path version = Files.createDirectory(services.resolve("..2026_12_02_17_00_00.1"));
    Files.writeString(version.resolve("web.yaml"), GOOD);
    Files.createSymbolicLink(services.resolve("..data"), version.getFileName());
    Files.createSymbolicLink(services.resolve("web.yaml"), Path.of("..data/web.yaml"));

    ServiceFile file = only(read());

    assertEquals("web", file.service());
    assertInstanceOf(ParseResult.Accepted.class, file.result());
  }

  @Test
  void aLinkedFolderOfServicesIsReadThroughItsLink() throws Exception {
    Files.writeString(services.resolve("web.yaml"), GOOD);
    Path link = Files.createSymbolicLink(root.resolve("current"), services.getFileName());

    List<ServiceFile> files = new ServicesFolder(link, new ServiceConfigParser()).read();

    assertInstanceOf(ParseResult.Accepted.class, only(files).result());
  }

  @Test
  void aLinkToADeviceIsNotAServiceFile() throws Exception {
    Files.createSymbolicLink(services.resolve("web.yaml"), Path.of("/dev/zero"));

    assertEquals(List.of(), read());
  }

  @Test
  void aNameWithAControlCharacterIsRefusedAndShownEscaped() throws Exception {
    Files.writeString(services.resolve("web\nINFO forged line.yaml"), GOOD);

    ServiceFile file = only(read());

    assertFalse(file.file().contains("\n"), file.file());
    assertTrue(file.file().endsWith("web\\u000aINFO forged line.yaml"), file.file());
    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, file.result());
    ConfigProblem problem = refused.problems().get(0);
    assertTrue(problem.reason().contains("rename the file"), problem.reason());
    assertFalse(problem.message().contains("\n"), problem.message());
  }

  @Test
  void namesThatAreNoServiceNamesAreRefusedWithTheRule() throws Exception {
    for (String name : List.of("Web.yaml", "web app.yaml", "wéb.yaml", "-web.yaml", "a..b.yaml")) {
      Files.writeString(services.resolve(name), GOOD);
    }

    List<ServiceFile> files = read();

    assertEquals(5, files.size(), files::toString);
    for (ServiceFile file : files) {
      ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, file.result());
      assertTrue(
          refused.problems().get(0).reason().startsWith("a service name (the file name) is 1 to"),
          refused.problems().toString());
    }
  }

  @Test
  void hiddenAndDotDotNamesAreNotServiceFiles() throws Exception {
    Files.writeString(services.resolve("..yaml"), GOOD);
    Files.writeString(services.resolve("...yaml"), GOOD);
    Files.writeString(services.resolve(".web.yaml"), GOOD);

    assertEquals(List.of(), read());
  }

  private List<ServiceFile> read() throws Exception {
    return new ServicesFolder(services, new ServiceConfigParser()).read();
  }

  private static ServiceFile only(List<ServiceFile> files) {
    assertEquals(1, files.size(), files::toString);
    return files.get(0);
  }
}
