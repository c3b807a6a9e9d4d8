package dev.tickets.testkit;

import java.time.Duration;
import java.util.Optional;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.projection.Delivery;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ProjectionOutcome;
import dev.tickets.projector.projection.ProjectionSettings;
import dev.tickets.projector.projection.TicketReplica;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * order-projector's projection step, wired to in-memory collaborators: the store of replicas (with
 * the same conditional writes as MongoDB's), the parked marks, the dead letters and a meter
 * registry. {@link #project(Delivery)} settles one delivery and emits its outcome once it is
 * acknowledged, for {@code StepVerifier}.
 *
 * <p>A record whose predecessor is missing (a gap) is held, not acknowledged: its {@code Mono}
 * emits only when the gap closes or, after the gap timeout ({@link #GAP_TIMEOUT} unless the
 * settings say otherwise), with {@code PARKED}. Test that with {@code StepVerifier.withVirtualTime}
 * (see the examples), or with short settings. Thread-safe, like the service's step.
 */
public final class ProjectionHarness {

  /** The gap timeout of {@link #ProjectionHarness()}, as the service's default. */
  public static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);

  private final ProjectionSettings settings;
  private final InMemoryReplicaStore store;
  private final InMemoryParkedTickets parked;
  private final RecordingDeadLetters deadLetters;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Projection projection;

  /** A gap waits {@link #GAP_TIMEOUT}; retries back off from 100 ms to 2 s. */
  public ProjectionHarness() {
    this(settings(GAP_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(2)));
  }

  public ProjectionHarness(ProjectionSettings settings) {
    this(settings, new InMemoryReplicaStore(), new InMemoryParkedTickets(), new RecordingDeadLetters());
  }

  private ProjectionHarness(ProjectionSettings settings, InMemoryReplicaStore store, InMemoryParkedTickets parked,
      RecordingDeadLetters deadLetters) {
    this.settings = settings;
    this.store = store;
    this.parked = parked;
    this.deadLetters = deadLetters;
    this.projection = new Projection(store, parked, deadLetters, settings, registry);
  }

  /**
   * A second projector instance on the same stores, as after a rebalance: both may be handed the
   * same record, and the conditional writes decide.
   */
  public ProjectionHarness anotherInstance() {
    return new ProjectionHarness(settings, store, parked, deadLetters);
  }

  /** Settings with the given timing and a small deployment's bounds (4 writes in flight, batches of 500). */
  public static ProjectionSettings settings(Duration gapTimeout, Duration initialBackoff, Duration maxBackoff) {
    return new ProjectionSettings(gapTimeout, initialBackoff, maxBackoff, 4, 500, 10_000);
  }

  /** Settles one delivery; emits its outcome once it is acknowledged. */
  public Mono<ProjectionOutcome> project(Delivery delivery) {
    return projection.project(delivery);
  }

  /** Settles a stream of deliveries, as the service does with a partition's records. */
  public Flux<ProjectionOutcome> run(Flux<Delivery> deliveries) {
    return projection.run(deliveries);
  }

  /** Puts the replica of {@code event} in the store, as if it had been applied. */
  public ProjectionHarness holding(TicketEvent event) {
    store.holding(TicketReplica.of(event));
    return this;
  }

  /** The replica of {@code ticketId}; fails when there is none (see {@link #findReplica}). */
  public TicketReplica replica(String ticketId) {
    return findReplica(ticketId).orElseThrow(() -> new AssertionError("no replica of ticket " + ticketId));
  }

  /** The replica of {@code ticketId}, if there is one. */
  public Optional<TicketReplica> findReplica(String ticketId) {
    return Optional.ofNullable(store.get(ticketId));
  }

  public Projection projection() {
    return projection;
  }

  public InMemoryReplicaStore store() {
    return store;
  }

  public InMemoryParkedTickets parked() {
    return parked;
  }

  public RecordingDeadLetters deadLetters() {
    return deadLetters;
  }

  public SimpleMeterRegistry registry() {
    return registry;
  }
}
