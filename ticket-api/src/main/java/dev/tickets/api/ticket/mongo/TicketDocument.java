package dev.tickets.api.ticket.mongo;

import dev.tickets.api.ticket.Ticket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;
import org.springframework.data.mongodb.core.mapping.MongoId;

/**
 * A ticket in MongoDB, with the events of its writes that Kafka has not yet acknowledged. The
 * {@code version} is plain data maintained by versioned {@code findAndModify}, not Spring Data's
 * {@code @Version}. The id is stored as an ObjectId; the domain sees its hex form.
 *
 * <p>{@code sweepAt} exists only while something is pending: from then on the sweeper may take the
 * ticket's events. Its sparse index holds only those tickets, so the sweeper's queries read them
 * and nothing else (on MongoDB; mongo-java-server ignores non-unique indexes and scans). A
 * sweeper's claim moves it on by the lease, marks the claim in {@code sweepClaim} and holds the
 * ticket until {@code sweepLeaseEnd}, which writes do not touch (except one that removes every
 * event the claim took, all acknowledged: then the claim's work is done and it ends); {@code
 * sweepClaimedUpTo} (not mapped here) is the highest version the claim took, and once it is
 * acknowledged the lease ends after the grace.
 *
 * <p>MongoDB would serve versioned writes from the {@code _id} index alone; mongo-java-server uses
 * an index only when the query's fields equal the index's (and only unique ones), so the compound
 * index keeps its versioned writes from scanning the collection.
 */
@Document(TicketDocument.COLLECTION)
@CompoundIndex(
    name = "id_version_owner",
    def = "{'_id': 1, 'version': 1, 'userId': 1}",
    unique = true)
record TicketDocument(
    @MongoId(FieldType.OBJECT_ID) String id,
    String title,
    @Field(targetType = FieldType.DECIMAL128) BigDecimal price,
    String userId,
    long version,
    List<PendingEvent> pending,
    @Indexed(name = TicketDocument.SWEEP_INDEX, sparse = true) Instant sweepAt,
    String sweepClaim,
    Instant sweepLeaseEnd,
    KeyedWrite lastKeyedWrite) {

  static final String COLLECTION = "tickets";
  static final String SWEEP_INDEX = "sweep_at";

  static TicketDocument of(Ticket ticket, PendingEvent created, Instant sweepAt) {
    return new TicketDocument(
        ticket.id(),
        ticket.title(),
        ticket.price(),
        ticket.userId(),
        ticket.version(),
        List.of(created),
        sweepAt,
        null,
        null,
        null);
  }

  Ticket toTicket() {
    return new Ticket(id, title, price, userId, version);
  }

  /** The lowest version still pending, as far as this copy of the document shows it. */
  long oldestPendingVersion() {
    return pending == null
        ? version
        : pending.stream().mapToLong(PendingEvent::version).min().orElse(version);
  }
}
