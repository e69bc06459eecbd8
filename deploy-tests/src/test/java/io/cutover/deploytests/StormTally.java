package io.cutover.deploytests;

import io.cutover.deploytests.BadInput.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the gateway answered to the storm: how often each status came back, the connections it cut
 * without an answer, and every answer that breaks the rule of its input, with the input's number
 * and description so it can be replayed.
 */
final class StormTally {
  private static final int KEPT = 25;

  private final Map<Integer, Integer> answers = new TreeMap<>();
  private final Map<String, Integer> families = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();
  private int violationCount;
  private int inputs;
  private int noAnswer;
  private int fiveXx;
  private int hung;

  void answered(int index, BadInput input, RawHttp.Answer answer) {
    count(input);
    int status = answer.status();
    if (status == RawHttp.NO_ANSWER) {
      noAnswer++;
      if (input.expect() != Expect.CLIENT_ERROR_OR_CUT) {
        violation(index, input, "the connection was closed without an answer");
      }
      return;
    }
    answers.merge(status, 1, Integer::sum);
    if (status >= 500) {
      fiveXx++;
    }
    boolean expected =
        input.expect() == Expect.REFUSED_BY_RELOAD ? status == 200 : status >= 400 && status < 500;
    if (!expected) {
      violation(index, input, "answered " + answer.start());
    }
  }

  /** The input's own checks failed, or it could not be sent. */
  void failed(int index, BadInput input, Throwable why) {
    count(input);
    violation(index, input, String.valueOf(why));
  }

  void hung(int index, BadInput input, RawHttp.Hung why) {
    count(input);
    hung++;
    violation(index, input, "HUNG: " + why.getMessage());
  }

  private void count(BadInput input) {
    inputs++;
    families.merge(input.family(), 1, Integer::sum);
  }

  private void violation(int index, BadInput input, String why) {
    violationCount++;
    if (violations.size() < KEPT) {
      String what = input.what();
      violations.add(
          "#"
              + index
              + " "
              + input.family()
              + " "
              + RawHttp.printable(what.length() > 200 ? what.substring(0, 200) + "…" : what)
              + ": "
              + why);
    }
  }

  int inputs() {
    return inputs;
  }

  int noAnswer() {
    return noAnswer;
  }

  int fiveXx() {
    return fiveXx;
  }

  int hung() {
    return hung;
  }

  int violationCount() {
    return violationCount;
  }

  /** The first violations, one a line. */
  String violations() {
    return String.join("\n", violations);
  }

  /** {@code {400=12,404=3}}: no spaces, so the scenario line stays one token per figure. */
  String answers() {
    return compact(answers);
  }

  String families() {
    return compact(families);
  }

  private static String compact(Map<?, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
