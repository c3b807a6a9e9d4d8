package dev.tickets.api.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Optimistic concurrency of {@link TicketService} against the real MongoDB wire server. */
@TicketApiIntegrationTest
class TicketOccIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String ALICE = "alice";

  @Autowired TicketService tickets;

  @Test
  void implementsOcc() {
    Ticket created = tickets.create(changes("Concert", "10.00"), ALICE).block(TIMEOUT);
    Ticket first = tickets.find(created.id()).block(TIMEOUT);
    Ticket second = tickets.find(created.id()).block(TIMEOUT);

    tickets
        .update(first.id(), first.version(), changes("Concert", "15.00"), ALICE)
        .as(StepVerifier::create)
        .assertNext(written -> assertThat(written.version()).isEqualTo(1))
        .expectComplete()
        .verify(TIMEOUT);
    tickets
        .update(second.id(), second.version(), changes("Concert", "20.00"), ALICE)
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        VersionConflict.class,
                        conflict -> assertThat(conflict.currentVersion()).isEqualTo(1)))
        .verify(TIMEOUT);
    tickets
        .find(created.id())
        .as(StepVerifier::create)
        .assertNext(stored -> assertThat(stored.price()).isEqualByComparingTo("15.00"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void incrementsVersionByOne() {
    tickets
        .create(changes("Play", "5"), ALICE)
        .flatMap(
            v0 ->
                tickets
                    .update(v0.id(), v0.version(), changes("Play", "6"), ALICE)
                    .flatMap(
                        v1 ->
                            tickets
                                .update(v1.id(), v1.version(), changes("Play", "7"), ALICE)
                                .map(v2 -> List.of(v0, v1, v2))))
        .as(StepVerifier::create)
        .assertNext(
            writes -> assertThat(writes).extracting(Ticket::version).containsExactly(0L, 1L, 2L))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void exactlyOneOfConcurrentUpdatesAtTheSameVersionWins() {
    int writers = 48;
    Ticket created = tickets.create(changes("Match", "30"), ALICE).block(TIMEOUT);
    Flux<String> outcomes =
        Flux.merge(
            IntStream.range(0, writers)
                .mapToObj(
                    writer ->
                        tickets
                            .update(created.id(), 0, changes("Match " + writer, "31"), ALICE)
                            .map(written -> "won at " + written.version())
                            .onErrorResume(
                                VersionConflict.class, conflict -> Mono.just("conflict")))
                .toList());

    outcomes
        .collectList()
        .as(StepVerifier::create)
        .assertNext(
            all -> {
              assertThat(all).hasSize(writers);
              assertThat(Collections.frequency(all, "won at 1")).isEqualTo(1);
              assertThat(Collections.frequency(all, "conflict")).isEqualTo(writers - 1);
            })
        .expectComplete()
        .verify(TIMEOUT);
    tickets
        .find(created.id())
        .as(StepVerifier::create)
        .assertNext(stored -> assertThat(stored.version()).isEqualTo(1))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void refusesAnotherOwnersWriteWithoutChangingTheTicket() {
    Ticket created = tickets.create(changes("Opera", "40"), ALICE).block(TIMEOUT);

    tickets
        .update(created.id(), 0, changes("Mine now", "1"), "mallory")
        .as(StepVerifier::create)
        .expectError(NotTicketOwner.class)
        .verify(TIMEOUT);
    tickets
        .find(created.id())
        .as(StepVerifier::create)
        .assertNext(
            stored ->
                assertThat(stored)
                    .extracting(Ticket::title, Ticket::version)
                    .containsExactly("Opera", 0L))
        .expectComplete()
        .verify(TIMEOUT);
  }

  private static TicketChanges changes(String title, String price) {
    return new TicketChanges(title, new BigDecimal(price));
  }
}
