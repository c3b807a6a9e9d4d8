package dev.tickets.projector.projection.mongo;

import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * How a ticket id is stored as a replica's {@code _id}: by Spring Data's own rule for a {@code
 * String} id (an {@code ObjectId} when the id is one in hex, as every ticket-api id is, the string
 * otherwise). The read API reads replicas through Spring Data, and replicas written before the
 * writes went to the driver directly are stored that way, so every write and look-up must match it.
 */
final class ReplicaIds {

  private final MongoConverter converter;

  ReplicaIds(MongoConverter converter) {
    this.converter = converter;
  }

  Object stored(String ticketId) {
    return converter.convertId(ticketId, ObjectId.class);
  }
}
