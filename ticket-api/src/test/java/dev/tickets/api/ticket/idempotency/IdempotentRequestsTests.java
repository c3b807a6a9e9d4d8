package dev.tickets.api.ticket.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.VersionConflict;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class IdempotentRequestsTests {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final IdempotencyKey KEY = new IdempotencyKey("alice", "k-1");
  private static final IdempotentRequest PUT =
      new IdempotentRequest(KEY, "fp-put", "PUT /api/tickets/1", "t1");
  private static final IdempotencyProperties PROPERTIES =
      new IdempotencyProperties(
          Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(300));

  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  private final AtomicInteger executions = new AtomicInteger();

  private IdempotentRequests at(Instant now) {
    return new IdempotentRequests(store, PROPERTIES, Clock.fixed(now, ZoneOffset.UTC));
  }

  private IdempotentRequests.Execution write(long version) {
    return execution(
        id ->
            Mono.fromSupplier(
                () -> {
                  executions.incrementAndGet();
                  return new Ticket(id, "Opera", BigDecimal.TEN, "alice", version);
                }),
        Mono.empty());
  }

  /** Runs {@code run}; recovers {@code recovered} whatever the claim. */
  private static IdempotentRequests.Execution execution(
      Function<String, Mono<Ticket>> run, Mono<Ticket> recovered) {
    return new IdempotentRequests.Execution() {
      @Override
      public Mono<Ticket> run(String ticketId, String claim, boolean takeOver) {
        return run.apply(ticketId);
      }

      @Override
      public Mono<Ticket> recover(String ticketId, String claim) {
        return recovered;
      }
    };
  }

  @Test
  void aRepeatReplaysTheFirstAnswerWithoutExecuting() {
    StepVerifier.create(at(NOW).execute(PUT, write(1)))
        .expectNext(
            new IdempotentRequests.Answer(
                new Ticket("t1", "Opera", BigDecimal.TEN, "alice", 1), false))
        .verifyComplete();
    StepVerifier.create(at(NOW.plusSeconds(60)).execute(PUT, write(2)))
        .assertNext(
            answer ->
                assertThat(answer)
                    .extracting(a -> a.ticket().version(), IdempotentRequests.Answer::replayed)
                    .containsExactly(1L, true))
        .verifyComplete();
    assertThat(executions).hasValue(1);
  }

  @Test
  void aRepeatWhileTheFirstStillRunsWaitsThenGets409() {
    store
        .insert(
            KEY,
            new KeyRecord(
                "fp-put",
                "PUT /api/tickets/1",
                "t1",
                "claim-1",
                "first",
                Instant.now().plusSeconds(30),
                Instant.now().plus(Duration.ofHours(24)),
                null,
                0))
        .block();

    StepVerifier.create(
            new IdempotentRequests(store, PROPERTIES, Clock.systemUTC()).execute(PUT, write(1)))
        .verifyError(IdempotencyKeyInUse.class);
    assertThat(executions).hasValue(0);
  }

  @Test
  void aRepeatGetsTheAnswerThatArrivesWhileItWaits() {
    KeyRecord running =
        new KeyRecord(
            "fp-put",
            "PUT /api/tickets/1",
            "t1",
            "claim-1",
            "first",
            Instant.now().plusSeconds(30),
            Instant.now().plus(Duration.ofHours(24)),
            null,
            0);
    store.insert(KEY, running).block();
    Mono.delay(Duration.ofMillis(50))
        .then(
            store.replace(
                KEY,
                0,
                running.answeredWith(new Ticket("t1", "Opera", BigDecimal.TEN, "alice", 5))))
        .subscribe();

    StepVerifier.create(
            new IdempotentRequests(store, PROPERTIES, Clock.systemUTC()).execute(PUT, write(9)))
        .assertNext(answer -> assertThat(answer.ticket().version()).isEqualTo(5))
        .verifyComplete();
    assertThat(executions).hasValue(0);
  }

  @Test
  void anAbandonedKeyIsTakenOverAfterItsLeaseKeepingItsTicket() {
    store
        .insert(
            KEY,
            new KeyRecord(
                "fp-post",
                "POST /api/tickets",
                "chosen-first",
                "claim-1",
                "died",
                NOW.plusSeconds(30),
                NOW.plus(Duration.ofHours(24)),
                null,
                0))
        .block();
    IdempotentRequest repeat =
        new IdempotentRequest(KEY, "fp-post", "POST /api/tickets", "chosen-now");

    StepVerifier.create(at(NOW.plusSeconds(31)).execute(repeat, write(0)))
        .assertNext(answer -> assertThat(answer.ticket().id()).isEqualTo("chosen-first"))
        .verifyComplete();
    assertThat(store.records.get(KEY).answered()).isTrue();
  }

  @Test
  void aTakeOverAnswersWhatTheAbandonedRunWroteWithoutWritingAgain() {
    store
        .insert(
            KEY,
            new KeyRecord(
                "fp-put",
                "PUT /api/tickets/1",
                "t1",
                "claim-1",
                "died",
                NOW.plusSeconds(30),
                NOW.plus(Duration.ofHours(24)),
                null,
                0))
        .block();
    Ticket written = new Ticket("t1", "Opera", BigDecimal.ONE, "alice", 7);

    StepVerifier.create(
            at(NOW.plusSeconds(31))
                .execute(
                    PUT, execution(id -> write(8).run(id, "claim-1", true), Mono.just(written))))
        .expectNext(new IdempotentRequests.Answer(written, true))
        .verifyComplete();
    assertThat(executions).hasValue(0);
    assertThat(store.records.get(KEY).answer()).isEqualTo(written);
  }

  @Test
  void aFailureThatMayFollowTheWriteKeepsTheKeyForARepeatToRecoverAtOnce() {
    Ticket written = new Ticket("t1", "Opera", BigDecimal.ONE, "alice", 1);
    StepVerifier.create(
            at(NOW)
                .execute(
                    PUT,
                    execution(
                        id -> Mono.error(new IllegalStateException("answer lost")),
                        Mono.just(written))))
        .verifyErrorMessage("answer lost");
    assertThat(store.records.get(KEY).leaseEnd()).isEqualTo(NOW);

    StepVerifier.create(
            at(NOW).execute(PUT, execution(id -> write(2).run(id, "c", true), Mono.just(written))))
        .expectNext(new IdempotentRequests.Answer(written, true))
        .verifyComplete();
    assertThat(executions).hasValue(0);
  }

  @Test
  void aRefusalAfterAnotherRunWroteUnderTheClaimAnswersThatWrite() {
    Ticket written = new Ticket("t1", "Opera", BigDecimal.ONE, "alice", 1);

    StepVerifier.create(
            at(NOW)
                .execute(
                    PUT,
                    execution(id -> Mono.error(new VersionConflict(id, 0, 1)), Mono.just(written))))
        .expectNext(new IdempotentRequests.Answer(written, true))
        .verifyComplete();
    assertThat(store.records.get(KEY).answer()).isEqualTo(written);
  }

  @Test
  void anotherRequestUnderTheKeyIsRefusedEvenWhenAbandoned() {
    at(NOW).execute(PUT, write(1)).block();

    StepVerifier.create(
            at(NOW.plusSeconds(60))
                .execute(
                    new IdempotentRequest(KEY, "fp-other", "PUT /api/tickets/1", "t1"), write(2)))
        .verifyErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(IdempotencyKeyReused.class)
                    .hasMessageContaining("another body (PUT /api/tickets/1)"));
    assertThat(executions).hasValue(1);
  }

  @Test
  void aReusedKeyIsRefusedNamingWhatDiffers() {
    at(NOW).execute(PUT, write(1)).block();

    StepVerifier.create(
            at(NOW)
                .execute(
                    new IdempotentRequest(KEY, "fp-other", "PUT /api/tickets/2", "t2"), write(2)))
        .verifyErrorSatisfies(
            error ->
                assertThat(error)
                    .hasMessage(
                        "Idempotency-Key '"
                            + KEY.key()
                            + "' was first used for a request with another path (PUT"
                            + " /api/tickets/1); use a new key for a new request"));
    assertThat(new IdempotencyKeyReused("k", "PUT /api/tickets/1", "POST /api/tickets"))
        .hasMessageContaining("another method and path (PUT /api/tickets/1)");
    assertThat(new IdempotencyKeyReused("k", null, "POST /api/tickets"))
        .hasMessageContaining("another request (method, path or body)");
  }

  @Test
  void anExpiredKeyExecutesAgainEvenForAnotherRequest() {
    at(NOW).execute(PUT, write(1)).block();

    StepVerifier.create(
            at(NOW.plus(Duration.ofHours(25)))
                .execute(
                    new IdempotentRequest(KEY, "fp-other", "PUT /api/tickets/1", "t1"), write(2)))
        .assertNext(answer -> assertThat(answer.replayed()).isFalse())
        .verifyComplete();
    assertThat(executions).hasValue(2);
  }

  @Test
  void aFailedExecutionReleasesTheKeySoARetryExecutes() {
    StepVerifier.create(
            at(NOW)
                .execute(
                    PUT, execution(id -> Mono.error(new VersionConflict(id, 0, 3)), Mono.empty())))
        .verifyError(VersionConflict.class);
    assertThat(store.records).isEmpty();

    StepVerifier.create(at(NOW).execute(PUT, write(4)))
        .assertNext(answer -> assertThat(answer.replayed()).isFalse())
        .verifyComplete();
  }

  /** Keys in a map, with the store's compare-and-set semantics; for unit tests. */
  static final class InMemoryIdempotencyStore implements IdempotencyStore {

    final Map<IdempotencyKey, KeyRecord> records = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim) {
      return Mono.fromSupplier(() -> records.putIfAbsent(key, claim.atRevision(0)) == null);
    }

    @Override
    public Mono<KeyRecord> find(IdempotencyKey key) {
      return Mono.fromSupplier(() -> records.get(key));
    }

    @Override
    public Mono<Boolean> replace(IdempotencyKey key, long revision, KeyRecord next) {
      return Mono.fromSupplier(
          () -> {
            KeyRecord current = records.get(key);
            return current != null
                && current.revision() == revision
                && records.replace(key, current, next.atRevision(revision + 1));
          });
    }

    @Override
    public Mono<Void> delete(IdempotencyKey key, long revision) {
      return Mono.fromRunnable(
          () ->
              records.computeIfPresent(
                  key, (k, current) -> current.revision() == revision ? null : current));
    }
  }
}
