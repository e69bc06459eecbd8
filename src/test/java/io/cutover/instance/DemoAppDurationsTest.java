package io.cutover.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cutover.config.Durations;
import io.cutover.support.DemoAppCommand;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo app is one file run with the JDK alone, so it spells the gateway's duration format
 * again: its FAULT_* durations must read as a service file's do.
 */
class DemoAppDurationsTest {
  private static Method demoDuration;

  @BeforeAll
  static void compileTheDemoApp(@TempDir Path classes) throws Exception {
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), DemoAppCommand.SOURCE.toString());
    assertEquals(0, exit, "DemoApp.java compiles");
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    demoDuration = loader.loadClass("DemoApp").getDeclaredMethod("duration", String.class);
    demoDuration.setAccessible(true);
  }

  @Test
  void theDemoAppReadsEveryDurationAsTheGatewayDoes() throws Exception {
    for (String text : List.of("0", "500ms", "3s", "2m", "1h", " 5s ")) {
      assertEquals(Durations.parse(text), demo(text), text);
    }
  }

  @Test
  void theDemoAppRefusesWhatTheGatewayRefuses() {
    for (String text : List.of("2", "1.5s", "-1s", "3S", "5 s", "10d")) {
      assertThrows(IllegalArgumentException.class, () -> Durations.parse(text), text);
      assertThrows(IllegalArgumentException.class, () -> demo(text), text);
    }
  }

  private static Duration demo(String text) throws Exception {
    try {
      return (Duration) demoDuration.invoke(null, text);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
