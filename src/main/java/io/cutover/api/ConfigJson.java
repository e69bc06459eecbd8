package io.cutover.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cutover.config.Durations;
import io.cutover.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * A service config as the API shows it: the service file's values with its spelling, durations as
 * {@code 500ms}/{@code 2s}/{@code 1m}, names lower-case ({@code static}, {@code cookie}) and secret
 * environment values hidden. A copy of the shared mapper, so the executor's stored config JSON
 * keeps its own format.
 */
@ApplicationScoped
public class ConfigJson {
  private final ObjectMapper mapper;

  ConfigJson(ObjectMapper shared) {
    SimpleModule spelling = new SimpleModule("cutover-api-config");
    spelling.addSerializer(Duration.class, new DurationText());
    spelling.addSerializer(Enum.class, new LowerCaseName());
    this.mapper = shared.copy().registerModule(spelling);
  }

  /**
   * The config, with secret-looking {@code driver.env} values as {@code "***"} ({@link SecretEnv}).
   */
  public JsonNode of(ServiceConfig config) {
    JsonNode tree = mapper.valueToTree(config);
    if (tree.path("driver").path("env") instanceof ObjectNode env) {
      for (var field : env.properties()) {
        if (SecretEnv.hidden(field.getKey(), field.getValue().asText(null))) {
          field.setValue(TextNode.valueOf(SecretEnv.REDACTED));
        }
      }
    }
    return tree;
  }

  private static final class DurationText extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(Durations.format(value));
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class LowerCaseName extends JsonSerializer<Enum> {
    @Override
    public void serialize(Enum value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(value.name().toLowerCase(Locale.ROOT));
    }
  }
}
