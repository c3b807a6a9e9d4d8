package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * Failures in the middle of the pipelined send stream, against the real broker: some records are
 * never handed to Kafka, some are written but answered as failed (a lost acknowledgement), while
 * sixteen clients write twelve tickets. No event is lost, and per ticket the first copies in the
 * log are still 0, 1, 2, ...
 */
@TicketApiIntegrationTest
@TestPropertySource(
    properties = {
      "ticket-api.outbox.sweep-interval=300ms",
      "ticket-api.outbox.sweep-grace=200ms",
      "ticket-api.outbox.sweep-lease=2s"
    })
class FailedSendsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Value("${ticket-api.kafka.topic}")
  String topic;

  @Autowired TicketService tickets;

  @Autowired PendingEvents pending;

  @Autowired EventPublisher publisher;

  @Test
  void losesNothingAndKeepsEachTicketsFirstCopiesInOrder() {
    List<String> ids = RacingClients.createTickets(12, i -> tickets);
    RacingClients racing = new RacingClients(ids);

    racing.race(
        16,
        30,
        (client, round) ->
            racing.writeOnce(tickets, ids.get((client * 5 + round) % ids.size()), client));
    FlakyPublisher flaky = (FlakyPublisher) publisher;
    assertThat(flaky.injected()).as("failures injected").isGreaterThan(10);
    flaky.heal();

    try (KafkaTestClient reader =
        new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> records = reader.readToEnd(topic);
                ids.forEach(
                    id -> assertThat(firstVersions(records, id)).containsAll(racing.writtenOf(id)));
              });
      List<ConsumerRecord<String, byte[]>> log = reader.readToEnd(topic);
      for (String id : ids) {
        long last = racing.writtenOf(id).stream().mapToLong(Long::longValue).max().getAsLong();
        assertThat(firstVersions(log, id))
            .as("first copies of %s", id)
            .containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList());
      }
    }
    await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
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
      return publications
          .map(this::decide)
          .publish(
              decided ->
                  Flux.merge(
                      delegate
                          .send(
                              decided
                                  .filter(fate -> fate.fate() != Fate.NEVER_SENT)
                                  .map(Decided::publication))
                          .map(this::answer),
                      decided
                          .filter(fate -> fate.fate() == Fate.NEVER_SENT)
                          .map(
                              fate ->
                                  new Sent(
                                      fate.publication(),
                                      new IllegalStateException("injected: never sent")))));
    }

    private Decided decide(PendingPublication publication) {
      long n = seen.incrementAndGet();
      Fate fate =
          !flaky.get()
              ? Fate.SENT
              : n % 7 == 3 ? Fate.NEVER_SENT : n % 11 == 5 ? Fate.ACK_LOST : Fate.SENT;
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
          ? new Sent(
              sent.publication(),
              new IllegalStateException("injected: written, acknowledgement lost"))
          : sent;
    }

    enum Fate {
      SENT,
      NEVER_SENT,
      ACK_LOST
    }

    record Decided(PendingPublication publication, Fate fate) {}
  }
}
