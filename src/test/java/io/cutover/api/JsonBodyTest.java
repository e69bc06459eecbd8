package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the admin API accepts as a JSON body, and the 400 it answers otherwise. */
class JsonBodyTest {
  private final JsonBody json = new JsonBody(new ObjectMapper());

  @Test
  void aGoodBodyIsRead() {
    DeployBody body =
        json.read("{\"version\":\"v2\",\"targets\":[\"127.0.0.1:9\"]}", DeployBody.class);
    assertEquals("v2", body.version());
    assertEquals("127.0.0.1:9", body.targets().get(0));
  }

  @Test
  void aFieldWrittenTwiceIs400NamingIt() {
    // Jackson would keep the last one: the call would act on a value the sender may not mean.
    Problem problem = refusal("{\"version\":\"bad version\",\"version\":\"v3\"}", DeployBody.class);
    assertEquals(400, problem.status());
    assertTrue(problem.detail().contains("Duplicate field 'version'"), problem.detail());
  }

  @Test
  void aNulCharacterIs400NamingTheField() {
    Problem problem = refusal("{\"to\":\"v1\\u0000\"}", RollbackBody.class);
    assertEquals(400, problem.status());
    assertEquals("field \"to\" holds a NUL character (\\u0000): remove it", problem.detail());
  }

  @Test
  void aNulDeepInsideIsNamedByItsPath() {
    Problem problem =
        refusal("{\"version\":\"v2\",\"targets\":[\"a:1\",\"b\\u0000:2\"]}", DeployBody.class);
    assertTrue(problem.detail().startsWith("field \"targets[1]\""), problem.detail());
  }

  @Test
  void unknownFieldsAndWrongTypesStillNameTheField() {
    assertTrue(refusal("{\"strategey\":\"x\"}", DeployBody.class).detail().contains("strategey"));
    assertEquals(
        "field \"targets\" must be an array",
        refusal("{\"version\":\"v2\",\"targets\":{}}", DeployBody.class).detail());
  }

  @Test
  void nestingBeyondTheParsersLimitIs400() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertEquals(400, refusal("{\"version\":" + deep + "}", DeployBody.class).status());
  }

  private Problem refusal(String body, Class<?> type) {
    return assertThrows(ProblemException.class, () -> json.read(body, type)).problem();
  }
}
