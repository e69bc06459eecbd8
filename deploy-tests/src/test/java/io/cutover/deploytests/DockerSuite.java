package io.cutover.deploytests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link OneServiceSuite} with the service's instances in containers of the demo images. When the
 * class is done the service file is deleted: the gateway drains and removes its containers, and
 * none with the service's label may be left, running or not.
 */
abstract class DockerSuite extends OneServiceSuite {

  @Override
  String driverYaml() {
    return TestEngine.driverYaml("");
  }

  @Override
  String cannotRun() {
    return TestEngine.missing();
  }

  @AfterAll
  void removeTheServiceAndLeaveNoContainer() throws Exception {
    if (gateway == null) {
      return;
    }
    try {
      TestEngine.removeService(gateway);
    } finally {
      List<String> left =
          TestEngine.containers(gateway.service).stream()
              .map(c -> c.getId().substring(0, 12) + " " + c.getState())
              .toList();
      TestEngine.removeLeftovers(gateway.service);
      assertEquals(List.of(), left, "containers left after the suite");
    }
  }
}
