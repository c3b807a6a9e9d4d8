package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketStore;
import dev.tickets.api.ticket.TicketWrite;
import dev.tickets.events.TicketEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Faults around a keyed write: its answer is lost after MongoDB applied it (the client sees 503,
 * and its retry with the same {@code Idempotency-Key} must answer that write, not make a second
 * one), or it is so slow that a repeat takes the key over (lease 1 s here).
 */
@TicketApiIntegrationTest
@Import(IdempotencyFaultsIT.LosesTheNextAnswer.class)
@TestPropertySource(
    properties = {"ticket-api.idempotency.lease=1s", "ticket-api.idempotency.wait-timeout=3s"})
class IdempotencyFaultsIT extends KeyedRequests {

  @Autowired LosesTheNextAnswer faults;

  @Test
  void aPostWhoseAnswerWasLostIsAnsweredOnRetryNotMadeTwice() {
    faults.loseNextAnswer.set(true);
    assertProblem(post(), 503);

    Ticket created =
        post()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals(IdempotencyHeaders.REPLAYED, "true")
            .expectBody(Ticket.class)
            .returnResult()
            .getResponseBody();

    assertThat(created.version()).isZero();
    assertThat(ticketsTitled(title)).isEqualTo(1);
  }

  @Test
  void aPutWhoseAnswerWasLostIsAnsweredOnRetryNotRefusedOrMadeTwice() {
    Ticket ticket = api.create("alice", title, "20");
    faults.loseNextAnswer.set(true);
    assertProblem(put(ticket.id(), "\"0\", \"1\""), 503);

    put(ticket.id(), "\"0\", \"1\"")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(IdempotencyHeaders.REPLAYED, "true")
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"");
    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }

  /**
   * The first attempt is slow, not dead: its write leaves after its lease ended and a repeat took
   * the key over and wrote. With an If-Match list both writes could match; only one may happen.
   */
  @Test
  void aSlowFirstPutAndTheRepeatThatTookItOverWriteOnce() throws Exception {
    Ticket ticket = api.create("alice", title, "20");
    faults.delayNextUpdate.set(true);
    CompletableFuture<EntityExchangeResult<Ticket>> first =
        CompletableFuture.supplyAsync(
            () ->
                put(ticket.id(), "\"0\", \"1\"")
                    .expectStatus()
                    .isOk()
                    .expectBody(Ticket.class)
                    .returnResult());
    Thread.sleep(1_300);

    EntityExchangeResult<Ticket> repeat =
        put(ticket.id(), "\"0\", \"1\"")
            .expectStatus()
            .isOk()
            .expectBody(Ticket.class)
            .returnResult();
    EntityExchangeResult<Ticket> slow = first.get(30, TimeUnit.SECONDS);

    assertThat(List.of(slow.getResponseBody().version(), repeat.getResponseBody().version()))
        .containsOnly(1L);
    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }

  private WebTestClient.ResponseSpec post() {
    return api.keyedCreate("alice", key, title, "20");
  }

  private WebTestClient.ResponseSpec put(String id, String ifMatch) {
    return api.keyedUpdate("alice", id, key, ifMatch, "Opera", "30");
  }

  /** Wraps the ticket store: when armed, the next write happens and then fails as an outage. */
  @TestConfiguration(proxyBeanMethods = false)
  static class LosesTheNextAnswer {

    final AtomicBoolean loseNextAnswer = new AtomicBoolean();
    final AtomicBoolean delayNextUpdate = new AtomicBoolean();

    @Bean
    static BeanPostProcessor losingTicketStore(
        org.springframework.beans.factory.ObjectProvider<LosesTheNextAnswer> faults) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof TicketStore store ? new Losing(store, faults) : bean;
        }
      };
    }

    private record Losing(
        TicketStore store,
        org.springframework.beans.factory.ObjectProvider<LosesTheNextAnswer> faults)
        implements TicketStore {

      private <T> Mono<T> maybeLost(Mono<T> write) {
        return write.flatMap(
            written ->
                faults.getObject().loseNextAnswer.getAndSet(false)
                    ? Mono.error(
                        new DataAccessResourceFailureException("answer lost after the write"))
                    : Mono.just(written));
      }

      @Override
      public String newId() {
        return store.newId();
      }

      @Override
      public Mono<TicketWrite> insert(Ticket ticket, TicketEvent created) {
        return maybeLost(store.insert(ticket, created));
      }

      @Override
      public Mono<TicketWrite> updateIfCurrent(
          String id,
          long expectedVersion,
          String owner,
          TicketChanges changes,
          TicketEvent updated,
          String claim,
          boolean unlessClaimed) {
        Mono<TicketWrite> write =
            maybeLost(
                store.updateIfCurrent(
                    id, expectedVersion, owner, changes, updated, claim, unlessClaimed));
        return faults.getObject().delayNextUpdate.getAndSet(false)
            ? Mono.delay(Duration.ofSeconds(2)).then(write)
            : write;
      }

      @Override
      public Mono<Ticket> findWrittenUnder(String id, String claim) {
        return store.findWrittenUnder(id, claim);
      }

      @Override
      public Mono<Ticket> findById(String id) {
        return store.findById(id);
      }

      @Override
      public Flux<Ticket> findPage(String afterId, int limit) {
        return store.findPage(afterId, limit);
      }
    }
  }
}
