package dev.tickets.api.ticket.mongo;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;
import org.springframework.data.mongodb.core.mapping.MongoId;

import dev.tickets.api.ticket.Ticket;

/**
 * A ticket in MongoDB, with the events of its writes that Kafka has not yet acknowledged. The
 * {@code version} is plain data maintained by versioned {@code findAndModify}, not Spring Data's
 * {@code @Version}. The id is stored as an ObjectId; the domain sees its hex form.
 *
 * <p>MongoDB would serve versioned writes from the {@code _id} index alone; mongo-java-server uses an
 * index only when the query's fields equal the index's, so the compound index keeps its versioned
 * writes from scanning the collection.
 */
@Document(TicketDocument.COLLECTION)
@CompoundIndex(name = "id_version_owner", def = "{'_id': 1, 'version': 1, 'userId': 1}", unique = true)
record TicketDocument(
    @MongoId(FieldType.OBJECT_ID) String id,
    String title,
    @Field(targetType = FieldType.DECIMAL128) BigDecimal price,
    String userId,
    long version,
    List<PendingEvent> pending) {

  static final String COLLECTION = "tickets";

  static TicketDocument of(Ticket ticket, PendingEvent created) {
    return new TicketDocument(ticket.id(), ticket.title(), ticket.price(), ticket.userId(),
        ticket.version(), List.of(created));
  }

  Ticket toTicket() {
    return new Ticket(id, title, price, userId, version);
  }
}
