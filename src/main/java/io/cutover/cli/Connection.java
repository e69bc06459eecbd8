package io.cutover.cli;

import io.cutover.config.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every client verb has: where the gateway is, its token, and JSON output. */
final class Connection {
  static final String DEFAULT_GATEWAY = "http://127.0.0.1:8090";

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      description = "admin API address (env CUTOVER_GATEWAY; default " + DEFAULT_GATEWAY + ")")
  String gateway;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "admin token (env CUTOVER_TOKEN; default: the file ~/.cutover/token)")
  String token;

  @Option(names = "--json", description = "print the API's JSON instead of text")
  boolean json;

  AdminClient client() {
    return new AdminClient(gatewayUrl(), tokenValue());
  }

  String gatewayUrl() {
    String url = firstSet(gateway, System.getenv("CUTOVER_GATEWAY"), DEFAULT_GATEWAY);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new CliFailure(
          CliFailure.USAGE, "--gateway " + url + " is not a URL: write it like " + DEFAULT_GATEWAY);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private AdminClient.Token tokenValue() {
    if (token != null && !token.isBlank()) {
      return new AdminClient.Token(token.strip(), "--token");
    }
    String env = System.getenv("CUTOVER_TOKEN");
    if (env != null && !env.isBlank()) {
      return new AdminClient.Token(env.strip(), "CUTOVER_TOKEN");
    }
    Path file = tokenFile();
    try {
      return new AdminClient.Token(Files.readString(file).strip(), file.toString());
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "no admin token: "
              + file
              + " cannot be read; pass --token or set CUTOVER_TOKEN to the gateway's token");
    }
  }

  /** Where the gateway writes its generated token: {@code <cutover.data-dir>/token}. */
  private static Path tokenFile() {
    String dataDir = System.getenv("CUTOVER_DATA_DIR");
    Path dir =
        dataDir != null && !dataDir.isBlank() ? DataDir.expand(dataDir) : DataDir.defaultPath();
    return dir.resolve("token");
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }
}
