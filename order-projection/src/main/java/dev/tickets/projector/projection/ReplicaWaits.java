package dev.tickets.projector.projection;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads that wait for a replica to reach a version (read your writes across the pair), without a
 * thread per wait: each waiting read is a promise, kept per ticket, that the apply path of this
 * instance fulfils the moment it writes the version ({@link #written}). Versions another instance
 * applied are learnt by one shared look-up of every waiting ticket each poll interval ({@link
 * #lookingUp}), never a query per waiting read. At most {@code maxWaiters} reads wait at once; a
 * read that goes away (cancelled) gives up its place at once.
 *
 * <p>A read that waits (a {@code maxWait} above zero) ends within that time, its reads of the store
 * included: when the store is out, the answer is what the read last saw ({@link Behind}), or {@link
 * Unavailable} when it saw nothing. A read with no wait is a plain read of the store. {@link
 * ReadWaitMeters} lists the meters.
 */
public final class ReplicaWaits {

  private static final Logger log = LoggerFactory.getLogger(ReplicaWaits.class);

  /** What a read that asked for a version gets. */
  public sealed interface Answer permits Reached, Behind, Refused, Unavailable {}

  /** The replica holds the version asked for, or a later one. */
  public record Reached(TicketReplica replica) implements Answer {}

  /**
   * The wait ended first; {@code currentVersion} is the latest version the read saw, at most a poll
   * interval old (null: no replica).
   */
  public record Behind(Long currentVersion) implements Answer {}

  /** Too many reads wait already; nothing was awaited. */
  public record Refused() implements Answer {}

  /** The store did not answer within the wait: nothing is known of the replica. */
  public record Unavailable() implements Answer {}

  private static final Refused REFUSED = new Refused();

  private final ReplicaStore store;
  private final int maxWaiters;
  private final Duration pollInterval;
  private final Scheduler timer;
  private final Map<String, Set<WaitingRead>> waiting = new ConcurrentHashMap<>();
  private final AtomicInteger places = new AtomicInteger();
  private final AtomicBoolean lookUpFailing = new AtomicBoolean();
  private final ReadWaitMeters meters;

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
    this.meters = new ReadWaitMeters(registry, places::get);
  }

  /**
   * The replica of {@code ticketId} once it holds {@code minVersion} or later, waiting at most
   * {@code maxWait} for it, reads of the store included; at once when it already does. With a
   * {@code maxWait} of zero, the answer is the first read's, and the read takes no place; the store
   * failing then is the answer's error.
   */
  public Mono<Answer> await(String ticketId, long minVersion, Duration maxWait) {
    return Mono.defer(
        () -> {
          WaitingRead read = new WaitingRead(ticketId, minVersion);
          Mono<Answer> firstRead =
              store
                  .find(ticketId)
                  .doOnSuccess(read::read)
                  .then(Mono.<Answer>fromSupplier(read::reachedAlready));
          Mono<Answer> answer =
              maxWait.isZero()
                  ? firstRead.switchIfEmpty(Mono.fromSupplier(read::whenTimeIsUp))
                  : firstRead
                      .switchIfEmpty(Mono.defer(() -> waitFor(read)))
                      .timeout(maxWait, Mono.fromSupplier(read::whenTimeIsUp), timer);
          return answer
              .doOnNext(
                  reply -> {
                    read.answered(reply);
                    if (reply instanceof Unavailable) {
                      meters.unavailable();
                    }
                  })
              .doOnError(InfrastructureUnavailable.class, outage -> meters.unavailable())
              .doFinally(signal -> end(read, signal == SignalType.ON_ERROR));
        });
  }

  /** The replica did not hold the version: the read waits for it, if a place is free. */
  private Mono<Answer> waitFor(WaitingRead read) {
    if (!takePlace()) {
      meters.refused();
      return Mono.just(REFUSED);
    }
    // Takes its place and joins its ticket's set in one step under the map's lock: end() removes
    // under the same lock, so a read that ends meanwhile either never begins or is removed.
    boolean[] begun = {false};
    waiting.compute(
        read.ticketId,
        (id, reads) -> {
          if (!read.begin()) {
            return reads;
          }
          begun[0] = true;
          Set<WaitingRead> joined = reads == null ? ConcurrentHashMap.newKeySet() : reads;
          joined.add(read);
          return joined;
        });
    if (!begun[0]) { // it ended (timed out or went away) as its first read answered
      places.decrementAndGet();
      return Mono.empty();
    }
    meters.started();
    // The replica read again: its answer if it holds the version; otherwise, or when the store is
    // out, it leaves the promise to a write or the shared look-up. Any other failure is the read's.
    Mono<Answer> readAgain =
        store
            .find(read.ticketId)
            .doOnNext(read::saw)
            .onErrorResume(InfrastructureUnavailable.class, outage -> Mono.empty())
            .then(Mono.<Answer>fromSupplier(read::reachedAlready))
            .switchIfEmpty(Mono.never());
    // Answered on the timer's threads, not on the thread of the write that woke them.
    return Mono.firstWithSignal(read.reached().publishOn(timer), readAgain);
  }

  /** The read ended, {@code failed} or not: if it held a place, it leaves, and is counted. */
  private void end(WaitingRead read, boolean failed) {
    if (!read.finish()) {
      return;
    }
    waiting.computeIfPresent(
        read.ticketId,
        (id, reads) -> {
          reads.remove(read);
          return reads.isEmpty() ? null : reads;
        });
    places.decrementAndGet();
    meters.ended(read, failed);
  }

  /**
   * A replica was written or looked up: the reads waiting for its version or an earlier one are
   * answered with it, and the others learn the version it is at.
   */
  public void written(TicketReplica replica) {
    Set<WaitingRead> reads = waiting.get(replica.id());
    if (reads == null) {
      return;
    }
    for (WaitingRead read : reads) {
      read.saw(replica);
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

  /**
   * The shared look-up of every waiting ticket, each {@code pollInterval}, for as long as it is
   * subscribed; it emits nothing and does not fail (a failed look-up is retried at the next
   * interval). One owner subscribes to it.
   */
  public Flux<Void> lookingUp() {
    return Flux.interval(pollInterval, timer)
        .onBackpressureDrop()
        .concatMap(tick -> lookUpWaiting(), 1);
  }

  /**
   * One look-up of the replicas of every ticket some read waits for (none: no query at all). A
   * failure is counted and the next interval looks again. The first outage of a run is logged at
   * WARN, and the recovery at INFO; any other failure (a defect) at ERROR with its trace, each
   * time.
   */
  Mono<Void> lookUpWaiting() {
    return Mono.defer(
        () -> {
          List<String> tickets = List.copyOf(waiting.keySet());
          if (tickets.isEmpty()) {
            return Mono.empty();
          }
          return store
              .findAll(tickets)
              .doOnNext(this::written)
              .then()
              .doOnSuccess(
                  done -> {
                    if (lookUpFailing.compareAndSet(true, false)) {
                      log.info("The shared look-up of waiting reads answers again");
                    }
                  })
              .onErrorResume(
                  failure -> {
                    lookUpFailed(failure);
                    return Mono.empty();
                  });
        });
  }

  private void lookUpFailed(Throwable failure) {
    meters.lookUpFailed();
    boolean first = lookUpFailing.compareAndSet(false, true);
    if (!(failure instanceof InfrastructureUnavailable)) {
      log.error(
          "The shared look-up of waiting reads failed; retrying each {}", pollInterval, failure);
    } else if (first) {
      log.warn(
          "The shared look-up of waiting reads failed; retrying each {}: {}",
          pollInterval,
          failure.toString());
    }
  }

  /** How many reads wait now. */
  public int waiting() {
    return places.get();
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
}
