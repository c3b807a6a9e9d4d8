package dev.tickets.projector.projection.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** UP while the projector consumes, DOWN once its subscription ended (named {@code projector}). */
final class ProjectorHealthIndicator implements ReactiveHealthIndicator {

  private final ProjectorLifecycle lifecycle;

  ProjectorHealthIndicator(ProjectorLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromSupplier(
        () -> {
          ProjectorState state = lifecycle.state();
          Health.Builder health = state == ProjectorState.RUNNING ? Health.up() : Health.down();
          return health.withDetail("state", state.name()).build();
        });
  }
}
