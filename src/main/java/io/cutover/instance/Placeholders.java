package io.cutover.instance;

/** The {@code ${VERSION}}, {@code ${PORT}} and {@code ${INSTANCE}} values of one instance. */
public record Placeholders(String version, int port, int index) {

  /** Substitutes the three placeholders; any other {@code ${...}} is left as written. */
  public String apply(String text) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    return text.replace("${VERSION}", version)
        .replace("${PORT}", Integer.toString(port))
        .replace("${INSTANCE}", Integer.toString(index));
  }
}
