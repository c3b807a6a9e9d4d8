package dev.tickets.consistency;

import dev.tickets.consistency.WriteClient.TicketState;
import dev.tickets.infra.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
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

  /**
   * Each ticket's version at the source now, read from the database in one query; fails when one is
   * missing.
   */
  static Map<String, Long> sourceVersions(Cluster cluster, List<String> tickets) {
    Map<String, Long> versions = cluster.storedVersions(Cluster.TICKETS_DB, "tickets", tickets);
    if (versions.size() != tickets.size()) {
      throw new IllegalStateException(
          "Read " + versions.size() + " of " + tickets.size() + " tickets at the source");
    }
    return versions;
  }

  /**
   * Reads the replicas, in one query to the database every 100 ms, until each one holds at least
   * its ticket's version in {@code versions} (or {@code bound} passed); returns how long after
   * {@code since} ({@link System#nanoTime()}) each ticket got there, shortest first, the bound for
   * those that did not. (Read one by one through the projector's API, under load, one pass over 64
   * tickets took seconds, and the measurement measured itself.)
   */
  static List<Duration> awaitReplicas(
      Cluster cluster, Map<String, Long> versions, long since, Duration bound)
      throws InterruptedException {
    Set<String> behind = new LinkedHashSet<>(versions.keySet());
    List<Duration> reached = new ArrayList<>();
    long reported = 0;
    while (true) {
      Map<String, Long> replicas =
          cluster.storedVersions(Cluster.ORDERS_DB, "ticket_replicas", behind);
      Duration after = Duration.ofNanos(System.nanoTime() - since);
      if (after.toSeconds() / 5 > reported && !behind.isEmpty()) {
        reported = after.toSeconds() / 5;
        log.info(
            "After {} s, {} replicas behind (ticket partition: replica/wanted): {}; {}",
            after.toSeconds(),
            behind.size(),
            behind.stream()
                .limit(5)
                .map(
                    id ->
                        id
                            + " p"
                            + KafkaTestClient.partitionOf(id, Cluster.PARTITIONS)
                            + ": "
                            + replicas.get(id)
                            + "/"
                            + versions.get(id))
                .toList(),
            cluster.diagnostics());
      }
      for (Iterator<String> ids = behind.iterator(); ids.hasNext(); ) {
        String id = ids.next();
        if (replicas.getOrDefault(id, -1L) >= versions.get(id)) {
          ids.remove();
          reached.add(after);
        }
      }
      if (behind.isEmpty() || after.compareTo(bound) > 0) {
        if (!behind.isEmpty()) {
          log.warn("{} tickets still behind after {}: {}", behind.size(), after, behind);
          behind.forEach(id -> reached.add(bound));
        }
        return reached;
      }
      Thread.sleep(100);
    }
  }

  static Snapshot awaitConvergence(Cluster cluster, Set<String> tickets, Duration bound)
      throws InterruptedException {
    WriteClient reader = new WriteClient(-1);
    long started = System.nanoTime();
    long reported = 0;
    while (true) {
      Map<String, TicketState> source = new HashMap<>();
      Map<String, TicketState> replica = new HashMap<>();
      for (String id : tickets) {
        reader
            .read(cluster.ticketApis().get(0).baseUrl(), id)
            .ifPresent(ticket -> source.put(id, ticket));
        reader
            .read(cluster.projectors().get(0).baseUrl(), id)
            .ifPresent(ticket -> replica.put(id, ticket));
      }
      Duration after = Duration.ofNanos(System.nanoTime() - started);
      boolean equal =
          tickets.stream()
              .allMatch(id -> source.containsKey(id) && source.get(id).sameAs(replica.get(id)));
      if (equal || after.compareTo(bound) > 0) {
        return new Snapshot(source, replica, after);
      }
      if (after.toSeconds() / PROGRESS.toSeconds() > reported) {
        reported = after.toSeconds() / PROGRESS.toSeconds();
        List<String> behind =
            tickets.stream()
                .filter(id -> !source.containsKey(id) || !source.get(id).sameAs(replica.get(id)))
                .map(
                    id ->
                        id
                            + " source "
                            + version(source.get(id))
                            + " replica "
                            + version(replica.get(id)))
                .toList();
        log.info(
            "After {} s, {} replicas differ from their source: {}",
            after.toSeconds(),
            behind.size(),
            behind.subList(0, Math.min(5, behind.size())));
        log.info("Pending in tickets: {}", cluster.pendingSummary());
        cluster
            .ticketApis()
            .forEach(
                api ->
                    log.info(
                        "{} outbox: {}",
                        api.name(),
                        reader.metrics(api.baseUrl(), "outbox_").replace('\n', ';')));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String version(TicketState ticket) {
    return ticket == null ? "none" : Long.toString(ticket.version());
  }
}
