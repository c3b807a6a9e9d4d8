package dev.tickets.projector.projection.mongo;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A ticket with a parked version, in {@code parked_tickets}: the highest parked version. */
@Document(ParkedDocument.COLLECTION)
record ParkedDocument(@Id String id, long version) {

  static final String COLLECTION = "parked_tickets";
}
