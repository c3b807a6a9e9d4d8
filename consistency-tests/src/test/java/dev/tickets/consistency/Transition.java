package dev.tickets.consistency;

/**
 * A replica write the database carried out: the replica's version before ({@code null}: no replica
 * yet) and after, and the title it holds after (each write's title is unique, so the title says
 * whose write the replica took).
 */
record Transition(String ticketId, Long from, long to, String title) {

  /** Whether the replica moved to the stored version + 1 (or was created at version 0). */
  boolean isNextVersion() {
    return from == null ? to == 0 : to == from + 1;
  }
}
