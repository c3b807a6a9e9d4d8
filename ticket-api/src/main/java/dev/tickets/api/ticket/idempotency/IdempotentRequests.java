package dev.tickets.api.ticket.idempotency;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketRefusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Executes a keyed request at most once per key and caller (the IETF httpapi {@code
 * Idempotency-Key} draft). The first request claims its key in the store before it writes the
 * ticket, so no ticket change exists without its key, and records its answer after; a repeat of the
 * same request gets that answer again ({@code replayed}), waiting up to {@code wait-timeout} for it
 * (then {@link IdempotencyKeyInUse}); a different request under the same key is {@link
 * IdempotencyKeyReused}. What a retry after a failure gets is {@link #RETRY_RULE}: a refused
 * execution releases its key; one that failed otherwise, or died, leaves the key to be taken over
 * by a repeat (at once, or after the lease), which first looks for what the earlier run wrote under
 * the claim the ticket write records. An expired key executes again.
 */
@Service
public class IdempotentRequests {

  /**
   * What a retry with the same key gets after a refusal or a failure, as the OpenAPI document and
   * the README state it. The statuses of refusals are those of the refusal table that are not about
   * the key itself (409, 422); a test checks them against it.
   */
  public static final String RETRY_RULE =
      "A refused request (400, 403, 404, 412, 428) releases its key (or never claimed it), so a "
          + "retry with the same key executes again. A request that failed otherwise (500, 503) "
          + "may have written and keeps its key: a retry with the same key and request takes the "
          + "key over and answers what the first attempt wrote (`Idempotent-Replayed: true`), or "
          + "executes if it wrote nothing. The take-over is at once when the failure could be "
          + "recorded on the key; when it could not (storage unreachable, the client hung up, the "
          + "process died) only after `ticket-api.idempotency.lease`, and until then a retry gets "
          + "409 after `ticket-api.idempotency.wait-timeout`.";

  private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
  private static final Duration FIRST_POLL = Duration.ofMillis(10);
  private static final Duration LAST_POLL = Duration.ofMillis(200);

  /** What a keyed request answers: the ticket, and whether it was replayed from an earlier run. */
  public record Answer(Ticket ticket, boolean replayed) {}

  /** The write of a keyed request. */
  public interface Execution {

    /**
     * Writes the ticket {@code ticketId}, recording {@code claim} with the write. A run that took
     * the key over from an abandoned one must not write if a run under the same claim did.
     */
    Mono<Ticket> run(String ticketId, String claim, boolean takeOver);

    /**
     * The answer of the run under {@code claim} that wrote, as it answered; empty when none did.
     */
    Mono<Ticket> recover(String ticketId, String claim);
  }

  private final IdempotencyStore store;
  private final IdempotencyProperties properties;
  private final Clock clock;

  public IdempotentRequests(IdempotencyStore store, IdempotencyProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Runs {@code execution} with the request's ticket id unless the key already has an answer.
   *
   * @param execution the write; its failure reaches the caller unchanged (a refusal releases the
   *     key, any other failure leaves it to be taken over)
   */
  public Mono<Answer> execute(IdempotentRequest request, Execution execution) {
    return Mono.defer(
        () ->
            attempt(
                request, execution, clock.instant().plus(properties.waitTimeout()), FIRST_POLL));
  }

  private Mono<Answer> attempt(
      IdempotentRequest request, Execution execution, Instant deadline, Duration poll) {
    Instant now = clock.instant();
    String token = UUID.randomUUID().toString();
    KeyRecord claim =
        new KeyRecord(
            request.fingerprint(),
            request.request(),
            request.ticketId(),
            token,
            token,
            now.plus(properties.lease()),
            now.plus(properties.retention()),
            null,
            0);
    return store
        .insert(request.key(), claim)
        .flatMap(
            inserted ->
                inserted
                    ? run(request.key(), claim, execution, false)
                    : store
                        .find(request.key())
                        .flatMap(
                            existing ->
                                existing(request, claim, existing, execution, deadline, poll))
                        // Released meanwhile: claim it afresh.
                        .switchIfEmpty(
                            Mono.defer(() -> attempt(request, execution, deadline, poll))));
  }

  /** The key exists: expired, answered, another request's, abandoned, or still running. */
  private Mono<Answer> existing(
      IdempotentRequest request,
      KeyRecord claim,
      KeyRecord existing,
      Execution execution,
      Instant deadline,
      Duration poll) {
    Instant now = clock.instant();
    if (!existing.expiresAt().isAfter(now)) {
      return takeOver(request, existing.revision(), claim, execution, deadline, poll, false);
    }
    if (!existing.fingerprint().equals(request.fingerprint())) {
      return Mono.error(
          new IdempotencyKeyReused(request.key().key(), existing.request(), request.request()));
    }
    if (existing.answered()) {
      return Mono.just(new Answer(existing.answer(), true));
    }
    if (!existing.leaseEnd().isAfter(now)) {
      return takeOver(
          request,
          existing.revision(),
          existing.heldBy(claim.token(), claim.leaseEnd()),
          execution,
          deadline,
          poll,
          true);
    }
    if (!now.isBefore(deadline)) {
      return Mono.error(new IdempotencyKeyInUse(request.key().key()));
    }
    return Mono.delay(poll)
        .then(
            Mono.defer(
                () -> attempt(request, execution, deadline, min(poll.multipliedBy(2), LAST_POLL))));
  }

  /**
   * Replaces what is stored at {@code revision} by {@code claim} and runs (after looking for what
   * an abandoned run wrote), or tries again.
   */
  private Mono<Answer> takeOver(
      IdempotentRequest request,
      long revision,
      KeyRecord claim,
      Execution execution,
      Instant deadline,
      Duration poll,
      boolean abandoned) {
    return store
        .replace(request.key(), revision, claim)
        .flatMap(
            replaced ->
                replaced
                    ? run(request.key(), claim.atRevision(revision + 1), execution, abandoned)
                    : attempt(request, execution, deadline, poll));
  }

  /**
   * Runs (after a take-over, first looks for what the abandoned run wrote) and records the answer.
   * A refusal is first checked against a write under the same claim (another run may have written
   * meanwhile: then that is the answer), else releases the key. Any other failure may come after
   * the write: the key is kept, its lease ended, so that a repeat takes it over at once and finds
   * what was written.
   */
  private Mono<Answer> run(
      IdempotencyKey key, KeyRecord claim, Execution execution, boolean takeOver) {
    Mono<Answer> recovered = takeOver ? recover(claim, execution) : Mono.empty();
    return recovered
        .switchIfEmpty(
            Mono.defer(() -> execution.run(claim.ticketId(), claim.claim(), takeOver))
                .map(ticket -> new Answer(ticket, false)))
        .onErrorResume(
            TicketRefusal.class,
            refusal ->
                recover(claim, execution)
                    .switchIfEmpty(
                        Mono.defer(
                            () ->
                                store
                                    .delete(key, claim.revision())
                                    .onErrorResume(releaseFailed -> Mono.empty())
                                    .then(Mono.error(refusal)))))
        .onErrorResume(
            failure -> !(failure instanceof TicketRefusal),
            failure ->
                store
                    .replace(key, claim.revision(), claim.heldBy(claim.token(), clock.instant()))
                    .onErrorResume(abandonFailed -> Mono.just(false))
                    .then(Mono.error(failure)))
        .flatMap(
            answer ->
                store
                    .replace(key, claim.revision(), claim.answeredWith(answer.ticket()))
                    .doOnNext(
                        recorded -> {
                          if (!recorded) {
                            log.info(
                                "Idempotency-Key '{}' was taken over before its answer was recorded",
                                key.key());
                          }
                        })
                    .onErrorResume(
                        recordFailed -> {
                          // The write happened: answer it. A repeat takes the key over
                          // after the lease and finds the same answer.
                          log.warn(
                              "Could not record the answer of Idempotency-Key '{}': {}",
                              key.key(),
                              recordFailed.toString());
                          return Mono.just(false);
                        })
                    .thenReturn(answer));
  }

  private Mono<Answer> recover(KeyRecord claim, Execution execution) {
    return Mono.defer(() -> execution.recover(claim.ticketId(), claim.claim()))
        .map(ticket -> new Answer(ticket, true));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
