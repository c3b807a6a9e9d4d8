package dev.tickets.projector.projection;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.tickets.testkit.InMemoryParkedTickets;
import dev.tickets.testkit.InMemoryReplicaStore;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.RecordingDeadLetters;

/** The kit's projection harness, its parts as fields, as the step's unit tests use them. */
abstract class ProjectionFixture {

  static final Duration GAP_TIMEOUT = ProjectionHarness.GAP_TIMEOUT;
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final ProjectionHarness harness = new ProjectionHarness();
  final InMemoryReplicaStore store = harness.store();
  final InMemoryParkedTickets parked = harness.parked();
  final RecordingDeadLetters deadLetters = harness.deadLetters();
  final SimpleMeterRegistry registry = harness.registry();
  final Projection projection = harness.projection();
}
