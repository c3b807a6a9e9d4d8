package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.InfrastructureUnavailable;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ReplicaStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Owns the projector's one subscription: prepares the store, then consumes until stopped. When the
 * consumer fails (a long Kafka outage, an unexpected error), health turns DOWN and a new consumer
 * subscribes with backoff; nothing unacknowledged was committed, so nothing is skipped. A graceful
 * stop cancels the consumption and completes once the consumer committed the acknowledged offsets
 * and closed; unacknowledged records are redelivered to the next consumer of the group.
 */
final class ProjectorLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProjectorLifecycle.class);

  private final RecordSource source;
  private final ReplicaStore store;
  private final Projection projection;
  private final Duration closeTimeout;
  private final RetryBackoffSpec prepareRetry;
  private final RetryBackoffSpec resubscribe;
  private final AtomicReference<ProjectorState> state = new AtomicReference<>(ProjectorState.NEW);
  private volatile Disposable subscription;

  /**
   * @param closeTimeout how long a graceful stop waits for the consumer to commit and close
   * @param prepareRetry the backoff of retries while preparing the store finds MongoDB unavailable
   * @param resubscribeBackoff the wait before a new consumer subscribes after the consumer failed;
   *     it doubles with each failure in a row (once a consumer settled a record, the next failure
   *     starts again from it), with jitter, up to {@code resubscribeMaxBackoff}
   */
  ProjectorLifecycle(
      RecordSource source,
      ReplicaStore store,
      Projection projection,
      Duration closeTimeout,
      ProjectorProperties.Retry prepareRetry,
      Duration resubscribeBackoff,
      Duration resubscribeMaxBackoff) {
    this.source = source;
    this.store = store;
    this.projection = projection;
    this.closeTimeout = closeTimeout;
    this.prepareRetry =
        Retry.backoff(Long.MAX_VALUE, prepareRetry.initialBackoff())
            .maxBackoff(prepareRetry.maxBackoff());
    this.resubscribe =
        Retry.backoff(Long.MAX_VALUE, resubscribeBackoff)
            .maxBackoff(resubscribeMaxBackoff)
            .transientErrors(true);
  }

  @Override
  public void start() {
    state.set(ProjectorState.RUNNING);
    subscription =
        store
            .prepare()
            .retryWhen(prepareRetry.filter(InfrastructureUnavailable.class::isInstance))
            .thenMany(
                Flux.defer(this::consume)
                    .retryWhen(resubscribe.doBeforeRetry(signal -> failed(signal.failure()))))
            .subscribe(outcome -> {}, this::failed, this::completed);
    log.info("Projector started");
  }

  /** A fresh consumer of the group: what the failed one left unacknowledged is delivered again. */
  private Flux<?> consume() {
    state.compareAndSet(ProjectorState.FAILED, ProjectorState.RUNNING);
    return projection.run(source.receive());
  }

  private void failed(Throwable failure) {
    if (fencedByItsTwin(failure)) {
      log.error(
          "Projector stopped consuming: another instance joined the group with the same "
              + "order-projector.group-instance-id and fenced this one; give every instance its own "
              + "id. It subscribes again with backoff",
          failure);
    } else {
      log.error("Projector stopped consuming; it subscribes again with backoff", failure);
    }
    state.compareAndSet(ProjectorState.RUNNING, ProjectorState.FAILED);
  }

  private static boolean fencedByItsTwin(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof FencedInstanceIdException) {
        return true;
      }
    }
    return false;
  }

  private void completed() {
    log.error("Projector's record stream completed; it no longer consumes");
    state.set(ProjectorState.COMPLETED);
  }

  @Override
  public void stop(Runnable callback) {
    state.set(ProjectorState.STOPPED);
    subscription.dispose();
    source
        .closed()
        .orTimeout(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (closed, failure) -> {
              log.info("Projector stopped{}", failure == null ? "" : " (close timed out)");
              callback.run();
            });
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public boolean isRunning() {
    Disposable current = subscription;
    return current != null && state.get() != ProjectorState.STOPPED;
  }

  ProjectorState state() {
    return state.get();
  }
}
