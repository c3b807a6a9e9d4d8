package dev.tickets.api.ticket.mongo;

import java.util.List;

import org.springframework.data.mongodb.core.mapping.FieldType;
import org.springframework.data.mongodb.core.mapping.MongoId;

/** The part of a ticket document that publishing reads: its id and pending events. */
record PendingOnly(@MongoId(FieldType.OBJECT_ID) String id, List<PendingEvent> pending) {

  List<PendingEvent> pendingOrEmpty() {
    return pending == null ? List.of() : pending;
  }
}
