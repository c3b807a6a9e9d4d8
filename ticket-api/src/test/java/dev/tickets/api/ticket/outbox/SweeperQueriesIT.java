package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sweeper's reads go through the sparse {@code sweepAt} index, so their cost follows the number
 * of tickets with pending events, not the collection's size. MongoDB reports its plan; the embedded
 * wire server has no {@code explain}, so there the queries' shape is checked: they filter on the
 * indexed field alone. The relay is off, so that the events stay pending.
 */
@TicketApiIntegrationTest
@TestPropertySource(properties = "ticket-api.outbox.relay-enabled=false")
class SweeperQueriesIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Autowired TicketService tickets;

  @Autowired PendingEvents pending;

  @Autowired ReactiveMongoTemplate mongo;

  @Autowired RecordedCommands commands;

  @Test
  void claimsAndBacklogReadOnlyTheIndexedTicketsThatHavePendingEvents() {
    Ticket pendingOne =
        tickets.create(new TicketChanges("Pending", BigDecimal.ONE), "alice").block(TIMEOUT);
    tickets
        .update(pendingOne.id(), 0, new TicketChanges("Pending", BigDecimal.TEN), "alice")
        .block(TIMEOUT);
    commands.clear();

    PendingEvents.Backlog backlog = pending.backlog().block(TIMEOUT);
    List<List<PendingPublication>> claimed =
        pending
            .claimStale(Instant.now().plusSeconds(60), Duration.ofSeconds(30), 10)
            .collectList()
            .block(TIMEOUT);

    assertThat(backlog.count()).isGreaterThanOrEqualTo(2);
    assertThat(claimed)
        .anySatisfy(
            events ->
                assertThat(events).extracting(PendingPublication::version).containsExactly(0L, 1L));
    Document match = commands.first("aggregate").getList("pipeline", Document.class).get(0);
    assertThat(match.get("$match", Document.class).keySet()).containsExactly("sweepAt");
    Document candidates = commands.first("find").get("filter", Document.class);
    assertThat(candidates.keySet()).containsExactly("sweepAt");
    assertThat(candidates.get("sweepAt", Document.class).keySet()).containsExactly("$lte");
    assertUsesTheSweepIndexWhereThePlanIsReported(candidates);
  }

  @Test
  void aClaimedTicketIsNotClaimedAgainWithinItsLease() {
    Ticket ticket =
        tickets.create(new TicketChanges("Leased", BigDecimal.ONE), "bob").block(TIMEOUT);
    Instant later = Instant.now().plusSeconds(60);

    List<String> first = claimedIds(later);
    List<String> again = claimedIds(later.plusSeconds(1));
    List<String> afterLease = claimedIds(later.plusSeconds(31));

    assertThat(first).contains(ticket.id());
    assertThat(again).doesNotContain(ticket.id());
    assertThat(afterLease).contains(ticket.id());
  }

  @Test
  void aWriteDuringAClaimDoesNotLetAnotherSweepTakeTheTicket() {
    Ticket ticket =
        tickets.create(new TicketChanges("Contested", BigDecimal.ONE), "carol").block(TIMEOUT);
    Instant later = Instant.now().plusSeconds(120);
    assertThat(claimedIds(later)).contains(ticket.id());

    // The write's own event is due after the grace, earlier than the lease's end.
    tickets
        .update(ticket.id(), 0, new TicketChanges("Contested", BigDecimal.TEN), "carol")
        .block(TIMEOUT);

    assertThat(claimedIds(later.plusSeconds(10))).doesNotContain(ticket.id());
    assertThat(claimedIds(later.plusSeconds(31))).contains(ticket.id());
  }

  @Test
  void forgettingClearsATicketAtTheVersionAndPullsOnlyUpToItWhenWrittenAgain() {
    Ticket ticket =
        tickets.create(new TicketChanges("Forgotten", BigDecimal.ONE), "dave").block(TIMEOUT);
    tickets
        .update(ticket.id(), 0, new TicketChanges("Forgotten", BigDecimal.TEN), "dave")
        .block(TIMEOUT);
    List<PendingPublication> both = pending.of(ticket.id()).collectList().block(TIMEOUT);

    pending.forget(List.of(both.get(0))).block(TIMEOUT);
    assertThat(
            pending.of(ticket.id()).map(PendingPublication::version).collectList().block(TIMEOUT))
        .containsExactly(1L);
    assertThat(document(ticket.id())).containsKey("sweepAt");

    pending.forget(List.of(both.get(1))).block(TIMEOUT);
    assertThat(pending.of(ticket.id()).collectList().block(TIMEOUT)).isEmpty();
    assertThat(document(ticket.id())).doesNotContainKeys("sweepAt", "sweepClaim", "sweepLeaseEnd");
  }

  /**
   * Found by FaultScenariosIT (Kafka broker stop and restart, two instances): a claim kept the
   * ticket's newer events, which the claim had not taken, from every sweep for the whole lease
   * after the claimed ones were published, and the replica lagged a minute behind.
   */
  @Test
  void forgettingAClaimsEventsWhileNewerOnesWaitEndsTheLeaseAfterTheGrace() {
    Ticket ticket =
        tickets.create(new TicketChanges("Handed on", BigDecimal.ONE), "erin").block(TIMEOUT);
    Instant claimedAt = Instant.now().plusSeconds(5);
    assertThat(claimedIds(claimedAt)).contains(ticket.id());
    tickets
        .update(ticket.id(), 0, new TicketChanges("Handed on", BigDecimal.TEN), "erin")
        .block(TIMEOUT);

    pending.forget(pending.of(ticket.id()).take(1).collectList().block(TIMEOUT)).block(TIMEOUT);

    List<List<PendingPublication>> next =
        pending
            .claimStale(claimedAt.plusSeconds(10), Duration.ofSeconds(30), 100)
            .filter(events -> events.get(0).ticketId().equals(ticket.id()))
            .collectList()
            .block(TIMEOUT);
    assertThat(next)
        .singleElement()
        .satisfies(
            events ->
                assertThat(events).extracting(PendingPublication::version).containsExactly(1L));
  }

  @Test
  void forgettingPartOfAClaimKeepsTheLease() {
    Ticket ticket =
        tickets.create(new TicketChanges("Half done", BigDecimal.ONE), "frank").block(TIMEOUT);
    tickets
        .update(ticket.id(), 0, new TicketChanges("Half done", BigDecimal.TEN), "frank")
        .block(TIMEOUT);
    Instant claimedAt = Instant.now().plusSeconds(5);
    assertThat(claimedIds(claimedAt)).contains(ticket.id());
    tickets
        .update(ticket.id(), 1, new TicketChanges("Half done", BigDecimal.ONE), "frank")
        .block(TIMEOUT);

    pending.forget(pending.of(ticket.id()).take(1).collectList().block(TIMEOUT)).block(TIMEOUT);

    assertThat(claimedIds(claimedAt.plusSeconds(10))).doesNotContain(ticket.id());
    assertThat(claimedIds(claimedAt.plusSeconds(31))).contains(ticket.id());
  }

  private Document document(String ticketId) {
    return mongo
        .findOne(
            new BasicQuery(new Document("_id", new ObjectId(ticketId))), Document.class, "tickets")
        .block(TIMEOUT);
  }

  private List<String> claimedIds(Instant now) {
    return pending
        .claimStale(now, Duration.ofSeconds(30), 100)
        .map(events -> events.get(0).ticketId())
        .collectList()
        .block(TIMEOUT);
  }

  private void assertUsesTheSweepIndexWhereThePlanIsReported(Document filter) {
    Document explain =
        new Document("explain", new Document("find", "tickets").append("filter", filter))
            .append("verbosity", "queryPlanner");
    Document plan =
        mongo.executeCommand(explain).onErrorResume(error -> Mono.empty()).block(TIMEOUT);
    if (plan != null && plan.containsKey("queryPlanner")) {
      assertThat(plan.toJson()).contains("IXSCAN").contains("\"indexName\": \"sweep_at\"");
    }
  }

  @TestConfiguration
  static class Recording {

    @Bean
    RecordedCommands recordedCommands() {
      return new RecordedCommands();
    }

    @Bean
    MongoClientSettingsBuilderCustomizer recordCommands(RecordedCommands commands) {
      return settings -> settings.addCommandListener(commands);
    }
  }

  /** The commands sent to the {@code tickets} collection. */
  static final class RecordedCommands implements CommandListener {

    private final List<BsonDocument> sent = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      BsonValue collection = event.getCommand().get(event.getCommandName());
      if (collection != null
          && collection.isString()
          && "tickets".equals(collection.asString().getValue())) {
        sent.add(event.getCommand().clone());
      }
    }

    void clear() {
      sent.clear();
    }

    Document first(String command) {
      return Flux.fromIterable(sent)
          .filter(document -> document.containsKey(command))
          .next()
          .map(document -> Document.parse(document.toJson()))
          .blockOptional()
          .orElseThrow(() -> new AssertionError("No " + command + " on tickets in " + sent));
    }
  }
}
