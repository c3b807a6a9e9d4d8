package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tickets.api.TicketApiInstance;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.events.TicketEvent;
import dev.tickets.infra.SharedInfrastructure;

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
    try (ConfigurableApplicationContext first = TicketApiInstance.start(mongoUri, bootstrap, topic);
        ConfigurableApplicationContext second = TicketApiInstance.start(mongoUri, bootstrap, topic);
        TopicRecords log = new TopicRecords(bootstrap, topic)) {
      List<TicketService> instances = List.of(first.getBean(TicketService.class), second.getBean(TicketService.class));
      List<String> ids = RacingClients.createTickets(10, i -> instances.get(i % 2));
      RacingClients racing = new RacingClients(ids);

      racing.race(16, 40, (client, round) -> racing.writeOnce(instances.get((client + round) % 2),
          ids.get((client * 3 + round) % ids.size()), client));

      await().atMost(TIMEOUT).untilAsserted(() -> ids.forEach(id ->
          assertThat(log.firstVersionsOf(id)).containsAll(racing.writtenOf(id))));
      PendingEvents pending = first.getBean(PendingEvents.class);
      await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
      for (String id : ids) {
        assertThat(log.eventsOf(id)).extracting(TicketEvent::version).as("log of %s", id)
            .isSorted()
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(racing.writtenOf(id));
      }
    }
  }

}
