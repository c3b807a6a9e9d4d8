package dev.tickets.api.ticket;

/** A write expected a version the ticket no longer has: someone else wrote first. */
public class VersionConflict extends RuntimeException {

  private final String ticketId;
  private final long expectedVersion;
  private final long currentVersion;

  public VersionConflict(String ticketId, long expectedVersion, long currentVersion) {
    super("Ticket " + ticketId + " is at version " + currentVersion + ", not " + expectedVersion);
    this.ticketId = ticketId;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }

  public String ticketId() {
    return ticketId;
  }

  public long expectedVersion() {
    return expectedVersion;
  }

  public long currentVersion() {
    return currentVersion;
  }
}
