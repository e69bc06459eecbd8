package io.cutover.config;

import java.nio.file.Path;

/**
 * The one home of {@code cutover.data-dir}'s default: {@code .cutover} in the user's home. Three
 * readers spell it as their mechanism needs: a config mapping expands {@link #DEFAULT_EXPRESSION},
 * {@code @ConfigProperty} defaults are not expanded (so the process driver takes {@link #DEFAULT}
 * and expands the {@code ~} itself), and the embedded database's settings, read before any config
 * exists, take {@link #defaultPath()}.
 */
public final class DataDir {
  public static final String KEY = "cutover.data-dir";

  /** The folder under the user's home. */
  public static final String FOLDER = ".cutover";

  /** The default with {@code ~} for the user's home. */
  public static final String DEFAULT = "~/" + FOLDER;

  /** The default as a config expression. */
  public static final String DEFAULT_EXPRESSION = "${user.home}/" + FOLDER;

  private DataDir() {}

  /**
   * A configured data dir as a path: {@code ~} or {@code ~/x} is under the user's home, since an
   * {@code @ConfigProperty} default and a user's value get no {@code ${user.home}} expansion.
   */
  public static Path expand(String dir) {
    if (dir.equals("~") || dir.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + dir.substring(1));
    }
    return Path.of(dir);
  }

  /** The default, resolved. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), FOLDER);
  }
}
