package dev.tickets.api.ticket.outbox;

/**
 * Events Kafka acknowledged whose removal from their ticket is not yet under way. A ticket's next
 * write can remove them itself, in the same {@code findAndModify}, instead of a write of its own.
 */
public interface AcknowledgedEvents {

  /**
   * The highest version of the ticket that Kafka acknowledged for this instance and whose removal
   * is not yet under way; -1 when there is none. When it is the ticket's current version, every
   * event pending in it is published: the relay sends a version only once its predecessor was
   * acknowledged or is no longer pending. Another instance's acknowledgements are not known here.
   */
  long removableUpTo(String ticketId);

  /** The ticket's write removed its events up to {@code version}. */
  void removedByWrite(String ticketId, long version);
}
