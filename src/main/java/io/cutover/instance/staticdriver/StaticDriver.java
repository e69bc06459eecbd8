package io.cutover.instance.staticdriver;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceId;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceState;
import io.cutover.instance.LogTail;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Instances that already run elsewhere, named per deploy by {@code targets}: nothing is started or
 * stopped, and none is ever reported as exited (health checks notice when one goes away).
 */
@ApplicationScoped
public class StaticDriver implements InstanceDriver {

  @Override
  public String type() {
    return "static";
  }

  @Override
  public Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener) {
    return Uni.createFrom()
        .item(
            () -> {
              StaticTarget target = StaticTarget.parse(spec.service(), spec.target());
              return new Instance(
                  InstanceId.next(spec.service(), spec.version(), spec.index()),
                  spec.service(),
                  spec.version(),
                  spec.index(),
                  target.host(),
                  target.port(),
                  new LogTail(1));
            });
  }

  @Override
  public Uni<Void> stop(Instance instance, Duration stopTimeout) {
    instance.state(InstanceState.STOPPED);
    return Uni.createFrom().voidItem();
  }
}
