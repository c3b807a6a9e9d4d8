package dev.tickets.consistency;

/**
 * A replica write the database carried out: the replica's version before ({@code null}: no replica
 * yet) and after.
 */
record Transition(String ticketId, Long from, long to) {

  /** Whether the replica moved to the stored version + 1 (or was created at version 0). */
  boolean isNextVersion() {
    return from == null ? to == 0 : to == from + 1;
  }
}
