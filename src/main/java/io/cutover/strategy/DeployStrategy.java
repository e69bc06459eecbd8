package io.cutover.strategy;

import java.util.List;

/**
 * A deploy strategy plugin: it only plans. It turns a deploy into steps; the executor performs
 * them, records each, and is the only writer of the route table. Plugins live under {@code
 * strategies/<name>/}, are CDI beans, and depend on this package and the config records only.
 */
public interface DeployStrategy {

  /** The name a deploy request or {@code deploy.strategy} uses, e.g. "bluegreen". */
  String name();

  /** The steps of this deploy. Pure: no I/O, no clock, same answer for the same context. */
  List<Step> plan(DeployContext context);
}
