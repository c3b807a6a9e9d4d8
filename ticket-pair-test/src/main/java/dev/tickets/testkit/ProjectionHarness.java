package dev.tickets.testkit;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.projection.DeadLetters;
import dev.tickets.projector.projection.Delivery;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ProjectionOutcome;
import dev.tickets.projector.projection.ProjectionSettings;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
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
 *
 * <p>{@link #builder()} replaces any collaborator, for a test of what the step does when one of
 * them fails or is slow; what is not given stays as {@link #ProjectionHarness()} has it:
 *
 * <pre>{@code
 * ProjectionHarness harness = ProjectionHarness.builder()
 *     .replicas(storeThatFailsTwice)                  // any ReplicaStore; default in memory
 *     .deadLetters(flakyDeadLetters)                  // any DeadLetters; default recording
 *     .settings(ProjectionHarness.settings(Duration.ofSeconds(1),
 *         Duration.ofMillis(100), Duration.ofSeconds(5)))
 *     .registry(registry)                             // default a new SimpleMeterRegistry
 *     .build();
 * }</pre>
 *
 * {@link #replica(String)} and {@link #findReplica(String)} read any store; {@link #store()},
 * {@link #holding(TicketEvent)} and {@link #deadLetters()} need the in-memory ones and fail clearly
 * on a harness built with others.
 */
public final class ProjectionHarness {

  /** The gap timeout of {@link #ProjectionHarness()}, as the service's default. */
  public static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final ProjectionSettings settings;
  private final ReplicaStore replicas;
  private final InMemoryParkedTickets parked;
  private final DeadLetters deadLetters;
  private final SimpleMeterRegistry registry;
  private final Projection projection;

  /** A gap waits {@link #GAP_TIMEOUT}; retries back off from 100 ms to 2 s. */
  public ProjectionHarness() {
    this(builder());
  }

  public ProjectionHarness(ProjectionSettings settings) {
    this(builder().settings(settings));
  }

  private ProjectionHarness(Builder builder) {
    this(
        builder.settings,
        builder.replicas,
        new InMemoryParkedTickets(),
        builder.deadLetters,
        builder.registry);
  }

  private ProjectionHarness(
      ProjectionSettings settings,
      ReplicaStore replicas,
      InMemoryParkedTickets parked,
      DeadLetters deadLetters,
      SimpleMeterRegistry registry) {
    this.settings = settings;
    this.replicas = replicas;
    this.parked = parked;
    this.deadLetters = deadLetters;
    this.registry = registry;
    this.projection = new Projection(replicas, parked, deadLetters, settings, registry);
  }

  /** A harness to build with collaborators of the test's own; see the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A second projector instance on the same stores, as after a rebalance: both may be handed the
   * same record, and the conditional writes decide.
   */
  public ProjectionHarness anotherInstance() {
    return new ProjectionHarness(
        settings, replicas, parked, deadLetters, new SimpleMeterRegistry());
  }

  /**
   * Settings with the given timing and a small deployment's bounds (4 writes in flight, batches of
   * 500).
   */
  public static ProjectionSettings settings(
      Duration gapTimeout, Duration initialBackoff, Duration maxBackoff) {
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
    store().holding(TicketReplica.of(event));
    return this;
  }

  /** The replica of {@code ticketId}; fails when there is none (see {@link #findReplica}). */
  public TicketReplica replica(String ticketId) {
    return findReplica(ticketId)
        .orElseThrow(() -> new AssertionError("no replica of ticket " + ticketId));
  }

  /** The replica of {@code ticketId}, if there is one. */
  public Optional<TicketReplica> findReplica(String ticketId) {
    return replicas.find(ticketId).blockOptional(READ_TIMEOUT);
  }

  public Projection projection() {
    return projection;
  }

  /** The in-memory store; fails on a harness built with a store of the test's own. */
  public InMemoryReplicaStore store() {
    return inMemory(replicas, InMemoryReplicaStore.class);
  }

  public InMemoryParkedTickets parked() {
    return parked;
  }

  /** The recorded dead letters; fails on a harness built with dead letters of the test's own. */
  public RecordingDeadLetters deadLetters() {
    return inMemory(deadLetters, RecordingDeadLetters.class);
  }

  public SimpleMeterRegistry registry() {
    return registry;
  }

  private static <T> T inMemory(Object collaborator, Class<T> kitType) {
    if (!kitType.isInstance(collaborator)) {
      throw new IllegalStateException(
          "This harness was built with a "
              + collaborator.getClass().getName()
              + ", not the kit's "
              + kitType.getSimpleName());
    }
    return kitType.cast(collaborator);
  }

  /** Collects a harness's collaborators; each one not given is the kit's default. */
  public static final class Builder {

    private ProjectionSettings settings =
        ProjectionHarness.settings(GAP_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(2));
    private ReplicaStore replicas = new InMemoryReplicaStore();
    private DeadLetters deadLetters = new RecordingDeadLetters();
    private SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Builder() {}

    /** The store of replicas; default an {@link InMemoryReplicaStore}. */
    public Builder replicas(ReplicaStore replicas) {
      this.replicas = replicas;
      return this;
    }

    /** Where parked records go; default a {@link RecordingDeadLetters}. */
    public Builder deadLetters(DeadLetters deadLetters) {
      this.deadLetters = deadLetters;
      return this;
    }

    /**
     * The timing and bounds; default a gap timeout of {@link ProjectionHarness#GAP_TIMEOUT} and
     * backoff from 100 ms to 2 s.
     */
    public Builder settings(ProjectionSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The registry the step's meters go to; default a new one. */
    public Builder registry(SimpleMeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    public ProjectionHarness build() {
      return new ProjectionHarness(this);
    }
  }
}
