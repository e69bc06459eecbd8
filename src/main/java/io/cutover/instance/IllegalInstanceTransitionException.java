package io.cutover.instance;

import java.util.stream.Collectors;

/** A state move the instance state machine forbids, e.g. a stopped instance turning healthy. */
public class IllegalInstanceTransitionException extends IllegalStateException {
  public IllegalInstanceTransitionException(String instance, InstanceState from, InstanceState to) {
    super(
        "instance "
            + instance
            + " is "
            + from
            + " and cannot become "
            + to
            + (from.next().isEmpty()
                ? " (it has stopped)"
                : " (from "
                    + from
                    + " it can become "
                    + from.next().stream().map(Enum::name).collect(Collectors.joining(", "))
                    + ")"));
  }
}
