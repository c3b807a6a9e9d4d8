package dev.tickets.api.ticket.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SweepsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Clock clock = Clock.systemUTC();

  /**
   * Found while choosing the driver's read timeout for issue 22: the backlog's aggregation reads
   * every pending event, and after a long Kafka outage it can outlast the timeout. The sweep failed
   * as a whole, and no ticket was claimed however long the backlog grew.
   */
  @Test
  void aBacklogMeasureThatFailsDoesNotStopTheClaims() {
    List<PendingPublication> claimed =
        List.of(
            new PendingPublication("a", "alice", 1, "{}", Instant.parse("2026-12-04T10:00:00Z")));
    PendingEvents slowBacklog =
        new NothingPending() {
          @Override
          public Mono<Backlog> backlog() {
            return Mono.error(new DataAccessResourceFailureException("Timeout while receiving"));
          }

          @Override
          public Flux<List<PendingPublication>> claimStale(Instant now, Duration lease, int limit) {
            return Flux.just(claimed);
          }
        };
    Sweeps sweeps =
        new Sweeps(
            slowBacklog,
            new OutboxMetrics(new SimpleMeterRegistry(), clock),
            OutboxTestProperties.of(
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(100)),
            clock);

    StepVerifier.create(sweeps.stale(() -> true).take(1))
        .expectNext(claimed)
        .expectComplete()
        .verify(TIMEOUT);
  }
}
