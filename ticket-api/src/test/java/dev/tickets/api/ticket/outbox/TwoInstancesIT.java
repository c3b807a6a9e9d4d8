package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tickets.api.TicketApiInstance;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.events.TicketEvent;
import dev.tickets.infra.SharedInfrastructure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
      List<String> ids = Flux.range(0, 10)
          .concatMap(i -> instances.get(i % 2).create(new TicketChanges("Ticket " + i, BigDecimal.ONE), "alice"))
          .map(Ticket::id)
          .collectList().block(TIMEOUT);
      Map<String, Set<Long>> written = new ConcurrentHashMap<>();
      ids.forEach(id -> written.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(0L));

      Flux.range(0, 16)
          .flatMap(client -> Flux.range(0, 40).concatMap(round -> writeOnce(instances.get((client + round) % 2),
              ids.get((client * 3 + round) % ids.size()), client, written)), 16)
          .then().block(Duration.ofMinutes(2));

      await().atMost(TIMEOUT).untilAsserted(() -> ids.forEach(id ->
          assertThat(log.firstVersionsOf(id)).containsAll(written.get(id))));
      PendingEvents pending = first.getBean(PendingEvents.class);
      await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
      for (String id : ids) {
        assertThat(log.eventsOf(id)).extracting(TicketEvent::version).as("log of %s", id)
            .isSorted()
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(written.get(id));
      }
    }
  }

  private static Mono<Void> writeOnce(TicketService tickets, String id, int client, Map<String, Set<Long>> written) {
    return tickets.find(id)
        .flatMap(current -> tickets.update(id, current.version(),
            new TicketChanges("by client " + client, BigDecimal.valueOf(client)), "alice"))
        .doOnNext(updated -> written.get(id).add(updated.version()))
        .onErrorResume(VersionConflict.class, conflict -> Mono.empty())
        .then();
  }
}
