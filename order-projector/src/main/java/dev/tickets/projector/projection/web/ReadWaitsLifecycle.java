package dev.tickets.projector.projection.web;

import dev.tickets.projector.projection.ReplicaWaits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Owns the one subscription to the waiting reads' shared look-up ({@link ReplicaWaits#lookingUp}):
 * started with the context, disposed when it stops.
 */
final class ReadWaitsLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReadWaitsLifecycle.class);

  private final ReplicaWaits waits;
  private volatile Disposable subscription;

  ReadWaitsLifecycle(ReplicaWaits waits) {
    this.waits = waits;
  }

  @Override
  public void start() {
    subscription =
        waits
            .lookingUp()
            .subscribe(
                null,
                failure ->
                    log.error(
                        "The shared look-up of waiting reads stopped; they learn only of the "
                            + "versions this instance writes",
                        failure));
  }

  @Override
  public void stop() {
    Disposable running = subscription;
    if (running != null) {
      running.dispose();
    }
    subscription = null;
  }

  /**
   * Starts before the web server accepts requests and stops after it finished its graceful
   * shutdown, so that reads waiting during that shutdown still learn of other instances' versions.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public boolean isRunning() {
    Disposable running = subscription;
    return running != null && !running.isDisposed();
  }
}
