package dev.tickets.projector.projection;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The projection step wired to in-memory collaborators, as the step's unit tests use it. */
abstract class ProjectionFixture {

  static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final InMemoryReplicaStore store = new InMemoryReplicaStore();
  final InMemoryParkedTickets parked = new InMemoryParkedTickets();
  final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Projection projection = new Projection(store, parked, deadLetters,
      TestSettings.of(GAP_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(2)), registry);
}
