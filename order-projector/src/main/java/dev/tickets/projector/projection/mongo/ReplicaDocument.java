package dev.tickets.projector.projection.mongo;

import dev.tickets.projector.projection.TicketReplica;
import java.math.BigDecimal;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

/** A replica as stored in {@code ticket_replicas}: the ticket id is the document id. */
@Document(ReplicaDocument.COLLECTION)
record ReplicaDocument(
    @Id String id,
    String title,
    @Field(targetType = FieldType.DECIMAL128) BigDecimal price,
    String userId,
    long version) {

  static final String COLLECTION = "ticket_replicas";

  TicketReplica toReplica() {
    return new TicketReplica(id, title, price, userId, version);
  }
}
