package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
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
import reactor.test.StepVerifier;

/**
 * A ticket written again while its acknowledged events wait for their bulk removal has them removed
 * by that write's own {@code findAndModify}: no clean-up write of its own. The linger is long here,
 * so that the write surely comes within it; the driver's commands are counted.
 */
@TicketApiIntegrationTest
@TestPropertySource(
    properties = {"ticket-api.outbox.removal-linger=20s", "ticket-api.outbox.sweep-grace=60s"})
class RemovalWithTheNextWriteIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    Map<String, Integer> before = writeCommands.snapshot();

    tickets
        .update(created.id(), 0, new TicketChanges("Gig", new BigDecimal("11")), "alice")
        .block(TIMEOUT);

    assertThat(pendingVersions(created.id())).containsExactly(1L);
    await().atMost(TIMEOUT).until(() -> acknowledged.removableUpTo(created.id()) == 1);
    assertThat(firstVersions(kafka.readToEnd(topic), created.id())).containsExactly(0L, 1L);
    assertThat(writeCommands.since(before))
        .as("write commands on tickets since the update")
        .containsExactly(Map.entry("findAndModify", 1));
  }

  @Test
  void aRefusedWriteRemovesNothingAndLeavesTheRemovalToTheBatch() {
    Ticket created =
        tickets.create(new TicketChanges("Gig", new BigDecimal("10")), "alice").block(TIMEOUT);
    await().atMost(TIMEOUT).until(() -> acknowledged.removableUpTo(created.id()) == 0);

    StepVerifier.create(
            tickets.update(
                created.id(), 7, new TicketChanges("Gig", new BigDecimal("11")), "alice"))
        .expectError(VersionConflict.class)
        .verify(TIMEOUT);

    assertThat(acknowledged.removableUpTo(created.id())).isZero();
    assertThat(pendingVersions(created.id())).containsExactly(0L);
  }

  private List<Long> pendingVersions(String ticketId) {
    Document ticket =
        mongo
            .findOne(
                new BasicQuery(new Document("_id", new ObjectId(ticketId))),
                Document.class,
                "tickets")
            .block(TIMEOUT);
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
