package dev.tickets.events;

/** The one rule both services agree on for ordering a ticket's versions. */
public final class VersionRule {

  private VersionRule() {}

  /**
   * Classifies {@code incoming} against the version a replica holds.
   *
   * @param stored the replica's version, or {@code null} when there is no replica yet
   * @param incoming the version an event would take the replica to (0 or more)
   * @return APPLY for the next version (0 when there is none), DUPLICATE for a version already
   *     held, GAP when versions in between are missing
   */
  public static VersionOutcome classify(Long stored, long incoming) {
    if (incoming < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + incoming);
    }
    if (stored == null) {
      return incoming == 0 ? VersionOutcome.APPLY : VersionOutcome.GAP;
    }
    if (incoming <= stored) {
      return VersionOutcome.DUPLICATE;
    }
    return incoming == stored + 1 ? VersionOutcome.APPLY : VersionOutcome.GAP;
  }
}
