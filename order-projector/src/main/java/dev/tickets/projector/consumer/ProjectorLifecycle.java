package dev.tickets.projector.consumer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.tickets.projector.replica.InfrastructureUnavailable;
import dev.tickets.projector.replica.ReplicaStore;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Owns the projector's one subscription: prepares the store, then consumes until stopped. A
 * graceful stop cancels the consumption and completes once the consumer committed the acknowledged
 * offsets and closed; unacknowledged records are redelivered to the next consumer of the group.
 */
final class ProjectorLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProjectorLifecycle.class);

  private final RecordSource source;
  private final ReplicaStore store;
  private final ProjectionPipeline pipeline;
  private final Duration closeTimeout;
  private final AtomicReference<ProjectorState> state = new AtomicReference<>(ProjectorState.NEW);
  private volatile Disposable subscription;

  ProjectorLifecycle(RecordSource source, ReplicaStore store, ProjectionPipeline pipeline,
      Duration closeTimeout) {
    this.source = source;
    this.store = store;
    this.pipeline = pipeline;
    this.closeTimeout = closeTimeout;
  }

  @Override
  public void start() {
    state.set(ProjectorState.RUNNING);
    subscription = store.prepare()
        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
            .maxBackoff(Duration.ofSeconds(5))
            .filter(InfrastructureUnavailable.class::isInstance))
        .thenMany(Flux.defer(() -> pipeline.run(source.receive())))
        .subscribe(outcome -> { }, this::failed, this::completed);
    log.info("Projector started");
  }

  private void failed(Throwable failure) {
    log.error("Projector stopped consuming", failure);
    state.set(ProjectorState.FAILED);
  }

  private void completed() {
    log.error("Projector's record stream completed; it no longer consumes");
    state.set(ProjectorState.COMPLETED);
  }

  @Override
  public void stop(Runnable callback) {
    state.set(ProjectorState.STOPPED);
    subscription.dispose();
    source.closed().orTimeout(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((closed, failure) -> {
          log.info("Projector stopped{}", failure == null ? "" : " (close timed out)");
          callback.run();
        });
  }

  @Override
  public void stop() {
    stop(() -> { });
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
