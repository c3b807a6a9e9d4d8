package dev.tickets.api.ticket;

/** A write expected a version the ticket no longer has: someone else wrote first. */
public class VersionConflict extends TicketRefusal {

  private final String ticketId;
  private final long expectedVersion;
  private final long currentVersion;

  public VersionConflict(String ticketId, long expectedVersion, long currentVersion) {
    this(
        ticketId,
        expectedVersion,
        currentVersion,
        "Ticket " + ticketId + " is at version " + currentVersion + ", not " + expectedVersion);
  }

  private VersionConflict(
      String ticketId, long expectedVersion, long currentVersion, String message) {
    super(message);
    this.ticketId = ticketId;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }

  /** The ticket is at {@code currentVersion}, which the write's {@code condition} excludes. */
  public static VersionConflict excluded(String ticketId, long currentVersion, String condition) {
    return new VersionConflict(
        ticketId,
        -1,
        currentVersion,
        "Ticket "
            + ticketId
            + " is at version "
            + currentVersion
            + ", which "
            + condition
            + " does not allow");
  }

  public String ticketId() {
    return ticketId;
  }

  /** The version the write was based on; -1 when its condition allowed none. */
  public long expectedVersion() {
    return expectedVersion;
  }

  public long currentVersion() {
    return currentVersion;
  }
}
