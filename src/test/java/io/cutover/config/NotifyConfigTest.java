package io.cutover.config;

import static io.cutover.config.ServiceFiles.FILE;
import static io.cutover.config.ServiceFiles.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.release.ReleaseEventNames;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code notify:} list: defaults, every key read, and each mistake refused with what to do. */
class NotifyConfigTest {
  private static final Map<String, String> ENV = Map.of("HOOK_SECRET", "s3cret", "EMPTY", "");

  private static ParseResult parse(String notify) {
    return new ServiceConfigParser(StrategyNames.BUILT_IN, new ReleaseEventNames(), ENV::get)
        .parse(FILE, MINIMAL + notify);
  }

  private static List<NotifyTarget> accepted(String notify) {
    ParseResult result = parse(notify);
    return assertInstanceOf(ParseResult.Accepted.class, result, result::toString)
        .config()
        .webhooks();
  }

  private static ConfigProblem onlyProblem(String notify) {
    List<ConfigProblem> problems =
        assertInstanceOf(ParseResult.Refused.class, parse(notify)).problems();
    assertEquals(1, problems.size(), problems::toString);
    return problems.get(0);
  }

  @Test
  void aWebhookWithoutEventsGetsEveryReleaseEnd() {
    NotifyTarget target = accepted("notify: [{url: \"https://hooks.example/deploys\"}]").get(0);

    assertEquals(URI.create("https://hooks.example/deploys"), target.url());
    assertEquals(
        List.of("release.live", "release.failed", "release.rolled_back", "release.aborted"),
        target.events());
    assertNull(target.secretEnv());
  }

  @Test
  void everyKeyIsRead() {
    NotifyTarget target =
        accepted(
                "notify:\n"
                    + "  - url: \"http://127.0.0.1:9/hook\"\n"
                    + "    events: [release.live, traffic.switched]\n"
                    + "    secret-env: HOOK_SECRET\n")
            .get(0);

    assertEquals(List.of("release.live", "traffic.switched"), target.events());
    assertEquals("HOOK_SECRET", target.secretEnv());
  }

  @Test
  void noNotifyMeansNoWebhook() {
    assertEquals(List.of(), accepted(""));
  }

  @Test
  void anUnknownKeyGetsTheClosestSuggested() {
    ConfigProblem problem = onlyProblem("notify: [{url: \"https://h.example/\", event: [x]}]");

    assertEquals("notify[0].event", problem.keyPath());
    assertEquals("unknown key: did you mean `events`?", problem.reason());
  }

  @Test
  void aUrlThatIsNotAbsoluteHttpIsRefused() {
    ConfigProblem problem = onlyProblem("notify: [{url: \"ftp://h.example/x\"}]");

    assertEquals("notify[0].url", problem.keyPath());
    assertTrue(problem.reason().contains("absolute http or https URL"), problem.reason());
    assertEquals("notify[0].url", onlyProblem("notify: [{url: \"/hooks\"}]").keyPath());
  }

  @Test
  void aMissingUrlIsRefused() {
    ConfigProblem problem = onlyProblem("notify: [{events: [release.live]}]");

    assertEquals("notify[0].url", problem.keyPath());
    assertTrue(problem.reason().startsWith("missing"), problem.reason());
  }

  @Test
  void aMistypedEventGetsTheClosestSuggested() {
    ConfigProblem problem =
        onlyProblem("notify: [{url: \"https://h.example/\", events: [release.lvie]}]");

    assertEquals("notify[0].events[0]", problem.keyPath());
    assertTrue(problem.reason().contains("did you mean `release.live`?"), problem.reason());
  }

  @Test
  void aNotificationEventCannotBeNotified() {
    ConfigProblem problem =
        onlyProblem("notify: [{url: \"https://h.example/\", events: [notification.failed]}]");

    assertTrue(problem.reason().startsWith("notification events are never sent"), problem.reason());
  }

  @Test
  void anEmptyEventListIsRefused() {
    ConfigProblem problem = onlyProblem("notify: [{url: \"https://h.example/\", events: []}]");

    assertEquals("notify[0].events", problem.keyPath());
  }

  @Test
  void aSecretEnvWhoseVariableIsUnsetOrEmptyIsRefusedSayingSo() {
    ConfigProblem unset =
        onlyProblem("notify: [{url: \"https://h.example/\", secret-env: NOT_THERE}]");
    ConfigProblem empty = onlyProblem("notify: [{url: \"https://h.example/\", secret-env: EMPTY}]");

    assertEquals("notify[0].secret-env", unset.keyPath());
    assertTrue(unset.reason().contains("NOT_THERE is not set"), unset.reason());
    assertTrue(empty.reason().contains("EMPTY is empty"), empty.reason());
  }

  @Test
  void aSecretWrittenInsteadOfItsVariableNameIsRefused() {
    ConfigProblem problem =
        onlyProblem("notify: [{url: \"https://h.example/\", secret-env: \"hunter2!\"}]");

    assertTrue(problem.reason().contains("not the secret itself"), problem.reason());
  }

  @Test
  void notifyMustBeAList() {
    ConfigProblem problem = onlyProblem("notify: {url: \"https://h.example/\"}");

    assertEquals("notify", problem.keyPath());
  }

  @Test
  void aPasswordInTheUrlIsNeverShown() {
    NotifyTarget target = accepted("notify: [{url: \"https://bot:pw@h.example/x\"}]").get(0);

    assertEquals("https://bot:***@h.example/x", target.shownUrl());
  }
}
