package dev.tickets.api.ticket;

/**
 * Told after every successful write, once the write and its pending event are persisted. It must
 * not block and must not fail the write: the event is already safe in the store.
 */
@FunctionalInterface
public interface TicketChangeListener {

  void written(TicketWrite write);
}
