package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.NotTicketOwner;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A ticket written again while its acknowledged events wait for their bulk removal has them removed
 * by that write's own {@code findAndModify}: no clean-up write of its own, and the ticket as a
 * fresh write leaves it (its own event alone, its own {@code sweepAt}, no sweeper's claim). The
 * linger is long here, so that the write surely comes within it; the driver's commands are counted.
 */
@TicketApiIntegrationTest
@TestPropertySource(
    properties = {"ticket-api.outbox.removal-linger=60s", "ticket-api.outbox.sweep-grace=120s"})
class RemovalWithTheNextWriteIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(120);

  @Value("${ticket-api.kafka.topic}")
  String topic;

  @Autowired TicketService tickets;

  @Autowired AcknowledgedEvents acknowledged;

  @Autowired ReactiveMongoTemplate mongo;

  @Autowired WriteCommands writeCommands;

  private final KafkaTestClient kafka =
      new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());

  @AfterEach
  void closeKafka() {
    kafka.close();
  }

  @Test
  void theNextWriteRemovesWhatWasAcknowledgedAndNoOtherWriteDoes() {
    Ticket created =
        tickets.create(new TicketChanges("Gig", new BigDecimal("10")), "alice").block(TIMEOUT);
    await().atMost(TIMEOUT).until(() -> acknowledged.removableUpTo(created.id()) == 0);
    // As a sweeper's claim would have left them, on another instance say.
    mongo
        .getCollection("tickets")
        .flatMap(
            collection ->
                Mono.from(
                    collection.updateOne(
                        new Document("_id", new ObjectId(created.id())),
                        new Document(
                            "$set",
                            new Document("sweepClaim", "another")
                                .append("sweepLeaseEnd", new Date())
                                .append("sweepClaimedUpTo", 0L)))))
        .block(TIMEOUT);
    Map<String, Integer> before = writeCommands.snapshot();

    tickets
        .update(created.id(), 0, new TicketChanges("Gig", new BigDecimal("11")), "alice")
        .block(TIMEOUT);

    Document stored = stored(created.id());
    assertThat(pendingVersions(stored)).containsExactly(1L);
    Date written = stored.getList("pending", Document.class).get(0).getDate("createdAt");
    assertThat(stored.getDate("sweepAt"))
        .as("sweepAt: the new event's time plus sweep-grace")
        .isEqualTo(Date.from(written.toInstant().plus(GRACE)));
    assertThat(stored).doesNotContainKeys("sweepClaim", "sweepLeaseEnd", "sweepClaimedUpTo");
    await().atMost(TIMEOUT).until(() -> acknowledged.removableUpTo(created.id()) == 1);
    assertThat(firstVersions(kafka.readToEnd(topic), created.id())).containsExactly(0L, 1L);
    assertThat(writeCommands.since(before))
        .as("write commands on tickets since the update")
        .containsExactly(Map.entry("findAndModify", 1));
  }

  @Test
  void aRefusedWriteAtTheAcknowledgedVersionRemovesNothing() {
    Ticket created =
        tickets.create(new TicketChanges("Gig", new BigDecimal("10")), "alice").block(TIMEOUT);
    await().atMost(TIMEOUT).until(() -> acknowledged.removableUpTo(created.id()) == 0);

    StepVerifier.create(
            tickets.update(created.id(), 0, new TicketChanges("Gig", new BigDecimal("11")), "bob"))
        .expectError(NotTicketOwner.class)
        .verify(TIMEOUT);

    assertThat(acknowledged.removableUpTo(created.id())).isZero();
    Document stored = stored(created.id());
    assertThat(pendingVersions(stored)).containsExactly(0L);
    assertThat(((Number) stored.get("version")).longValue()).isZero();
  }

  private Document stored(String ticketId) {
    return mongo
        .findOne(
            new BasicQuery(new Document("_id", new ObjectId(ticketId))), Document.class, "tickets")
        .block(TIMEOUT);
  }

  private static List<Long> pendingVersions(Document ticket) {
    return ticket.getList("pending", Document.class).stream()
        .map(event -> ((Number) event.get("version")).longValue())
        .toList();
  }

  /** Counts the driver's write commands on the {@code tickets} collection, by command name. */
  static final class WriteCommands implements CommandListener {

    private static final List<String> WRITES =
        List.of("insert", "update", "delete", "findAndModify");
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      String name = event.getCommandName();
      if (WRITES.contains(name)
          && "tickets".equals(event.getCommand().getString(name).getValue())) {
        counts.computeIfAbsent(name, any -> new AtomicInteger()).incrementAndGet();
      }
    }

    Map<String, Integer> snapshot() {
      Map<String, Integer> now = new ConcurrentHashMap<>();
      counts.forEach((name, count) -> now.put(name, count.get()));
      return now;
    }

    /** The commands since {@code before}, those that ran at least once. */
    Map<String, Integer> since(Map<String, Integer> before) {
      Map<String, Integer> since = new ConcurrentHashMap<>();
      snapshot()
          .forEach(
              (name, count) -> {
                int more = count - before.getOrDefault(name, 0);
                if (more > 0) {
                  since.put(name, more);
                }
              });
      return since;
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Counting {

    @Bean
    WriteCommands writeCommands() {
      return new WriteCommands();
    }

    @Bean
    MongoClientSettingsBuilderCustomizer countWriteCommands(WriteCommands commands) {
      return settings -> settings.addCommandListener(commands);
    }
  }
}
