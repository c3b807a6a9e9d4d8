package dev.tickets.consistency;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The source (ticket-api) and the replica (order-projector) of a scenario's tickets, read over HTTP
 * until they are equal or the bound passed, and how long that took.
 */
record Snapshot(Map<String, TicketState> source, Map<String, TicketState> replica, Duration after) {

  private static final Duration POLL = Duration.ofMillis(500);

  static Snapshot awaitConvergence(Cluster cluster, Set<String> tickets, Duration bound) throws InterruptedException {
    WriteClient reader = new WriteClient(-1);
    long started = System.nanoTime();
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
      Thread.sleep(POLL.toMillis());
    }
  }
}
