package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static dev.tickets.testkit.TicketEvents.ofTicket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.api.TicketApiInstance;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.events.TicketEvent;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two ticket-api instances on one database and one topic, sixteen clients writing the same ten
 * tickets through either: every write is in the log, in version order, and, with no crash, exactly
 * once (neither the other instance's fast path nor a sweep sends it again).
 */
class TwoInstancesIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void everyWriteReachesTheLogExactlyOnce() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String mongoUri = SharedInfrastructure.mongoUri("two-instances-" + suffix);
    String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
    String topic = "two-instances-" + suffix;
    try (ConfigurableApplicationContext first =
            TicketApiInstance.start(mongoUri, bootstrap, topic);
        ConfigurableApplicationContext second =
            TicketApiInstance.start(mongoUri, bootstrap, topic);
        KafkaTestClient reader = new KafkaTestClient(bootstrap)) {
      List<TicketService> instances =
          List.of(first.getBean(TicketService.class), second.getBean(TicketService.class));
      List<String> ids = RacingClients.createTickets(10, i -> instances.get(i % 2));
      RacingClients racing = new RacingClients(ids);

      racing.race(
          16,
          40,
          (client, round) ->
              racing.writeOnce(
                  instances.get((client + round) % 2),
                  ids.get((client * 3 + round) % ids.size()),
                  client));

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> records = reader.readToEnd(topic);
                ids.forEach(
                    id -> assertThat(firstVersions(records, id)).containsAll(racing.writtenOf(id)));
              });
      PendingEvents pending = first.getBean(PendingEvents.class);
      await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
      List<ConsumerRecord<String, byte[]>> log = reader.readToEnd(topic);
      for (String id : ids) {
        assertThat(ofTicket(log, id))
            .extracting(TicketEvent::version)
            .as("log of %s", id)
            .isSorted()
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(racing.writtenOf(id));
      }
    }
  }
}
