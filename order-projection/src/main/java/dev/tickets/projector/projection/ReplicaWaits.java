package dev.tickets.projector.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads that wait for a replica to reach a version (read your writes across the pair), without a
 * thread per wait: each waiting read is a promise, kept per ticket, that the apply path of this
 * instance fulfils the moment it writes the version ({@link #written}). Versions another instance
 * applied are learnt by one shared look-up of every waiting ticket each poll interval ({@link
 * #start}), never a query per waiting read. At most {@code maxWaiters} reads wait at once; a read
 * that goes away (cancelled) gives up its place at once.
 *
 * <p>Meters: {@code projector.read.waits} by {@code state} ({@code started}, {@code answered},
 * {@code timed-out}, {@code refused}, {@code cancelled}) and {@code projector.read.wait}, how long
 * each started wait took, with a percentile histogram.
 */
public final class ReplicaWaits implements AutoCloseable {

  /** What a read that asked for a version gets. */
  public sealed interface Answer permits Reached, Behind, Refused {}

  /** The replica holds the version asked for, or a later one. */
  public record Reached(TicketReplica replica) implements Answer {}

  /** The wait ended first; {@code currentVersion} is what the replica holds (null: none). */
  public record Behind(Long currentVersion) implements Answer {}

  /** Too many reads wait already; nothing was awaited. */
  public record Refused() implements Answer {}

  private static final Refused REFUSED = new Refused();

  private final ReplicaStore store;
  private final int maxWaiters;
  private final Duration pollInterval;
  private final Scheduler timer;
  private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
  private final AtomicInteger places = new AtomicInteger();
  private final Counter started;
  private final Counter answered;
  private final Counter timedOut;
  private final Counter refused;
  private final Counter cancelled;
  private final Timer waits;
  private volatile Disposable polling;

  public ReplicaWaits(
      ReplicaStore store, int maxWaiters, Duration pollInterval, MeterRegistry registry) {
    this(store, maxWaiters, pollInterval, registry, Schedulers.parallel());
  }

  ReplicaWaits(
      ReplicaStore store,
      int maxWaiters,
      Duration pollInterval,
      MeterRegistry registry,
      Scheduler timer) {
    if (maxWaiters < 1 || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("maxWaiters must be 1 or more, pollInterval positive");
    }
    this.store = store;
    this.maxWaiters = maxWaiters;
    this.pollInterval = pollInterval;
    this.timer = timer;
    this.started = count(registry, "started");
    this.answered = count(registry, "answered");
    this.timedOut = count(registry, "timed-out");
    this.refused = count(registry, "refused");
    this.cancelled = count(registry, "cancelled");
    this.waits =
        Timer.builder("projector.read.wait")
            .description("How long a read waited for its ticket's replica to reach a version")
            .publishPercentileHistogram()
            .register(registry);
    registry.gauge("projector.read.waiting", places);
  }

  /**
   * The replica of {@code ticketId} once it holds {@code minVersion} or later, waiting at most
   * {@code maxWait} for it; at once when it already does.
   */
  public Mono<Answer> await(String ticketId, long minVersion, Duration maxWait) {
    return store
        .find(ticketId)
        .filter(replica -> replica.version() >= minVersion)
        .<Answer>map(Reached::new)
        .switchIfEmpty(Mono.defer(() -> waitFor(ticketId, minVersion, maxWait)));
  }

  private Mono<Answer> waitFor(String ticketId, long minVersion, Duration maxWait) {
    if (!takePlace()) {
      refused.increment();
      return Mono.just(REFUSED);
    }
    started.increment();
    long begun = System.nanoTime();
    Waiter waiter = new Waiter(minVersion, Sinks.one());
    // Registered before the replica is read again: a version applied after that read reaches the
    // waiter's promise, one applied before it is in what the read returns.
    // Added under the map's lock: leave() may drop a ticket's emptied set at the same moment.
    waiting.compute(
        ticketId,
        (id, ticketWaiters) -> {
          Set<Waiter> joined =
              ticketWaiters == null ? ConcurrentHashMap.newKeySet() : ticketWaiters;
          joined.add(waiter);
          return joined;
        });
    Mono<Answer> reached =
        Mono.firstWithValue(
            // Answered on the timer's threads, not on the thread of the write that woke them.
            waiter.promise.asMono().publishOn(timer),
            store
                .find(ticketId)
                .filter(replica -> replica.version() >= minVersion)
                .map(Reached::new));
    return reached
        .timeout(maxWait, Mono.defer(() -> behind(ticketId, minVersion)), timer)
        .doOnNext(answer -> (answer instanceof Reached ? answered : timedOut).increment())
        .doOnCancel(cancelled::increment)
        .doFinally(
            signal -> {
              leave(ticketId, waiter);
              waits.record(System.nanoTime() - begun, TimeUnit.NANOSECONDS);
            });
  }

  /** The wait ended: what the replica holds now (it may have reached the version meanwhile). */
  private Mono<Answer> behind(String ticketId, long minVersion) {
    return store
        .find(ticketId)
        .<Answer>map(
            replica ->
                replica.version() >= minVersion
                    ? new Reached(replica)
                    : new Behind(replica.version()))
        .defaultIfEmpty(new Behind(null));
  }

  /**
   * The apply path wrote {@code replica}: the reads waiting for its version or an earlier one are
   * answered with it.
   */
  public void written(TicketReplica replica) {
    Set<Waiter> ticketWaiters = waiting.get(replica.id());
    if (ticketWaiters == null) {
      return;
    }
    Reached reached = new Reached(replica);
    for (Waiter waiter : ticketWaiters) {
      if (waiter.minVersion <= replica.version()) {
        waiter.promise.tryEmitValue(reached);
      }
    }
  }

  /**
   * {@code store}, telling this instance's waiting reads of every replica it writes: the apply path
   * writes through it.
   */
  public ReplicaStore observing(ReplicaStore store) {
    return new ForwardingReplicaStore(store) {
      @Override
      public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
        return super.write(replicas)
            .doOnNext(
                results -> {
                  for (int i = 0; i < results.size() && i < replicas.size(); i++) {
                    if (results.get(i).written()) {
                      written(replicas.get(i));
                    }
                  }
                });
      }
    };
  }

  /** Starts the shared look-up of every waiting ticket, each {@code pollInterval}. */
  public void start() {
    polling =
        Flux.interval(pollInterval, timer)
            .onBackpressureDrop()
            .concatMap(tick -> lookUpWaiting(), 1)
            .subscribe();
  }

  /** One look-up of the replicas of every ticket some read waits for (none: no query at all). */
  Mono<Void> lookUpWaiting() {
    List<String> tickets = List.copyOf(waiting.keySet());
    if (tickets.isEmpty()) {
      return Mono.empty();
    }
    return store
        .findAll(tickets)
        .doOnNext(this::written)
        .then()
        .onErrorResume(error -> Mono.empty()); // an outage: the next interval looks again
  }

  /** How many reads wait now. */
  public int waiting() {
    return places.get();
  }

  @Override
  public void close() {
    Disposable running = polling;
    if (running != null) {
      running.dispose();
    }
  }

  private boolean takePlace() {
    while (true) {
      int taken = places.get();
      if (taken >= maxWaiters) {
        return false;
      }
      if (places.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  private void leave(String ticketId, Waiter waiter) {
    waiting.computeIfPresent(
        ticketId,
        (id, ticketWaiters) -> {
          ticketWaiters.remove(waiter);
          return ticketWaiters.isEmpty() ? null : ticketWaiters;
        });
    places.decrementAndGet();
  }

  private static Counter count(MeterRegistry registry, String state) {
    return Counter.builder("projector.read.waits")
        .description("Reads that asked for a version the replica did not hold yet, by state")
        .tag("state", state)
        .register(registry);
  }

  private record Waiter(long minVersion, Sinks.One<Answer> promise) {}
}
