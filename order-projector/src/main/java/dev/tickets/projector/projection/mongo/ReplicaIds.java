package dev.tickets.projector.projection.mongo;

import org.bson.types.ObjectId;

/**
 * How a ticket id is stored as a replica's {@code _id}: as Spring Data stores a {@code String} id,
 * an {@code ObjectId} when the id is one in hex (every ticket-api id is), the string otherwise. The
 * read API reads replicas through Spring Data, and replicas written before the writes went to the
 * driver directly are stored that way, so every write and look-up must match it.
 */
final class ReplicaIds {

  private ReplicaIds() {
  }

  static Object stored(String ticketId) {
    return ObjectId.isValid(ticketId) ? new ObjectId(ticketId) : ticketId;
  }
}
