package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.infra.SharedInfrastructure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Failures in the middle of the pipelined send stream, against the real broker: some records are
 * never handed to Kafka, some are written but answered as failed (a lost acknowledgement), while
 * sixteen clients write twelve tickets. No event is lost, and per ticket the first copies in the
 * log are still 0, 1, 2, ...
 */
@TicketApiIntegrationTest
@TestPropertySource(properties = {
    "ticket-api.outbox.sweep-interval=300ms",
    "ticket-api.outbox.sweep-grace=200ms",
    "ticket-api.outbox.sweep-lease=2s"})
class FailedSendsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Value("${ticket-api.kafka.topic}")
  String topic;

  @Autowired
  TicketService tickets;

  @Autowired
  PendingEvents pending;

  @Autowired
  EventPublisher publisher;

  @Test
  void losesNothingAndKeepsEachTicketsFirstCopiesInOrder() {
    List<String> ids = Flux.range(0, 12)
        .concatMap(i -> tickets.create(new TicketChanges("Ticket " + i, BigDecimal.ONE), "alice"))
        .map(Ticket::id)
        .collectList().block(TIMEOUT);
    Map<String, Set<Long>> written = new ConcurrentHashMap<>();
    ids.forEach(id -> written.put(id, ConcurrentHashMap.newKeySet()));
    ids.forEach(id -> written.get(id).add(0L));

    Flux.range(0, 16)
        .flatMap(client -> Flux.range(0, 30)
            .concatMap(round -> writeOnce(ids.get((client * 5 + round) % ids.size()), client, written)), 16)
        .then().block(Duration.ofMinutes(2));
    FlakyPublisher flaky = (FlakyPublisher) publisher;
    assertThat(flaky.injected()).as("failures injected").isGreaterThan(10);
    flaky.heal();

    try (TopicRecords log = new TopicRecords(SharedInfrastructure.kafkaBootstrapServers(), topic)) {
      await().atMost(TIMEOUT).untilAsserted(() -> ids.forEach(id ->
          assertThat(log.firstVersionsOf(id)).containsAll(written.get(id))));
      for (String id : ids) {
        long last = written.get(id).stream().mapToLong(Long::longValue).max().getAsLong();
        assertThat(log.firstVersionsOf(id)).as("first copies of %s", id)
            .containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList());
      }
    }
    await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
  }

  private Mono<Void> writeOnce(String id, int client, Map<String, Set<Long>> written) {
    return tickets.find(id)
        .flatMap(current -> tickets.update(id, current.version(),
            new TicketChanges("by client " + client, BigDecimal.valueOf(client)), "alice"))
        .doOnNext(updated -> written.get(id).add(updated.version()))
        .onErrorResume(VersionConflict.class, conflict -> Mono.empty())
        .then();
  }

  @TestConfiguration
  static class InjectFailures {

    @Bean
    static BeanPostProcessor wrapKafkaPublisher() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof EventPublisher real ? new FlakyPublisher(real) : bean;
        }
      };
    }
  }

  /**
   * Around the real publisher: while flaky, every 7th publication is answered as failed without
   * being sent, and every 11th is sent and then answered as failed.
   */
  static final class FlakyPublisher implements EventPublisher {

    private final AtomicBoolean flaky = new AtomicBoolean(true);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private final Set<PendingPublication> answerFailed = ConcurrentHashMap.newKeySet();
    private final EventPublisher delegate;

    FlakyPublisher(EventPublisher delegate) {
      this.delegate = delegate;
    }

    void heal() {
      flaky.set(false);
    }

    long injected() {
      return injected.get();
    }

    @Override
    public Flux<Sent> send(Flux<PendingPublication> publications) {
      return publications.map(this::decide).publish(decided -> Flux.merge(
          delegate.send(decided.filter(fate -> fate.fate() != Fate.NEVER_SENT).map(Decided::publication))
              .map(this::answer),
          decided.filter(fate -> fate.fate() == Fate.NEVER_SENT)
              .map(fate -> new Sent(fate.publication(), new IllegalStateException("injected: never sent")))));
    }

    private Decided decide(PendingPublication publication) {
      long n = seen.incrementAndGet();
      Fate fate = !flaky.get() ? Fate.SENT : n % 7 == 3 ? Fate.NEVER_SENT : n % 11 == 5 ? Fate.ACK_LOST : Fate.SENT;
      if (fate != Fate.SENT) {
        injected.incrementAndGet();
      }
      if (fate == Fate.ACK_LOST) {
        answerFailed.add(publication);
      }
      return new Decided(publication, fate);
    }

    private Sent answer(Sent sent) {
      return answerFailed.remove(sent.publication())
          ? new Sent(sent.publication(), new IllegalStateException("injected: written, acknowledgement lost"))
          : sent;
    }

    enum Fate { SENT, NEVER_SENT, ACK_LOST }

    record Decided(PendingPublication publication, Fate fate) {
    }
  }
}
