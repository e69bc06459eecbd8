package io.cutover.instance.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.InstanceId;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Free-text versions and long service names still make valid pod names and label values. */
class PodLabelsTest {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");

  @Test
  void aVersionOfAnyTextBecomesAValidLabelValue() {
    for (String version : new String[] {"v2", "1.2/RC+build", "-odd-", "é", "x".repeat(80)}) {
      String value = PodLabels.labelValue(version);
      assertTrue(LABEL_VALUE.matcher(value).matches(), version + " -> " + value);
    }
    assertEquals("1.2_RC_build", PodLabels.labelValue("1.2/RC+build"));
  }

  @Test
  void anInstanceIdBecomesAPodNameThatIsAlsoAHostName() {
    String longService = "a".repeat(63);
    for (String id :
        new String[] {
          InstanceId.next("web", "v2", 0),
          InstanceId.next("web", "1.2/RC_Build", 3),
          InstanceId.next(longService, "v" + "9".repeat(40), 12)
        }) {
      String name = PodLabels.podName(id);
      assertTrue(DNS_LABEL.matcher(name).matches(), id + " -> " + name);
      assertTrue(name.startsWith("cutover-"), name);
      assertTrue(name.endsWith(id.substring(id.length() - 6)), "keeps the random part: " + name);
    }
  }
}
