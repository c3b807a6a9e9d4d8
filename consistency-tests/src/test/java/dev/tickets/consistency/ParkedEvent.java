package dev.tickets.consistency;

/** A record the projector parked on the dead-letter topic, with its {@code dlt-reason}. */
record ParkedEvent(String ticketId, String reason) {
}
