package io.cutover.config;

/**
 * One reason a service file was refused.
 *
 * @param file the file as the user knows it, e.g. {@code services/web.yaml}
 * @param keyPath dotted path to the key, e.g. {@code deploy.canary.steps[1].weight}; empty for the
 *     whole file
 * @param value the offending value as written, or null when the key is missing
 * @param reason what is wrong and what to change
 */
public record ConfigProblem(String file, String keyPath, String value, String reason) {

  /** {@code services/web.yaml: deploy.canary.steps[1].weight: 5: weights must increase ...} */
  public String message() {
    return file + ": " + detail();
  }

  /** The message without the file: {@code deploy.canary.steps[1].weight: 5: weights must ...} */
  public String detail() {
    StringBuilder text = new StringBuilder();
    if (keyPath != null && !keyPath.isEmpty()) {
      text.append(keyPath).append(": ");
    }
    if (value != null) {
      text.append(value).append(": ");
    }
    return text.append(reason).toString();
  }
}
