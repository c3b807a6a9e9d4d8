package dev.tickets.consistency;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source (ticket-api) and the replica (order-projector) of a scenario's tickets, read over HTTP
 * until they are equal or the bound passed, and how long that took.
 */
record Snapshot(Map<String, TicketState> source, Map<String, TicketState> replica, Duration after) {

  private static final Logger log = LoggerFactory.getLogger(Snapshot.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PROGRESS = Duration.ofSeconds(10);

  static Snapshot awaitConvergence(Cluster cluster, Set<String> tickets, Duration bound) throws InterruptedException {
    WriteClient reader = new WriteClient(-1);
    long started = System.nanoTime();
    long reported = 0;
    while (true) {
      Map<String, TicketState> source = new HashMap<>();
      Map<String, TicketState> replica = new HashMap<>();
      for (String id : tickets) {
        reader.read(cluster.ticketApis().get(0).baseUrl(), id).ifPresent(ticket -> source.put(id, ticket));
        reader.read(cluster.projectors().get(0).baseUrl(), id).ifPresent(ticket -> replica.put(id, ticket));
      }
      Duration after = Duration.ofNanos(System.nanoTime() - started);
      boolean equal = tickets.stream().allMatch(id -> source.containsKey(id) && source.get(id).sameAs(replica.get(id)));
      if (equal || after.compareTo(bound) > 0) {
        return new Snapshot(source, replica, after);
      }
      if (after.toSeconds() / PROGRESS.toSeconds() > reported) {
        reported = after.toSeconds() / PROGRESS.toSeconds();
        List<String> behind = tickets.stream().filter(id -> !source.containsKey(id) || !source.get(id).sameAs(replica.get(id)))
            .map(id -> id + " source " + version(source.get(id)) + " replica " + version(replica.get(id))).toList();
        log.info("After {} s, {} replicas differ from their source: {}", after.toSeconds(), behind.size(),
            behind.subList(0, Math.min(5, behind.size())));
        log.info("Pending in tickets: {}", cluster.pendingSummary());
        cluster.ticketApis().forEach(api -> log.info("{} outbox: {}", api.name(), reader.metrics(api.baseUrl(), "outbox_").replace('\n', ';')));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String version(TicketState ticket) {
    return ticket == null ? "none" : Long.toString(ticket.version());
  }
}
