package dev.tickets.events;

/** Why the projector parked a record on the dead-letter topic. */
public enum ParkReason {
  /** The value is not a valid ticket event. */
  INVALID_EVENT("invalid-event"),
  /** A version before this one never arrived within the configured wait. */
  GAP_TIMEOUT("gap-timeout"),
  /** An earlier version of the same ticket is parked, so this one cannot be applied either. */
  PREDECESSOR_PARKED("predecessor-parked");

  private final String wireName;

  ParkReason(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@link DeadLetterHeaders#REASON} header. */
  public String wireName() {
    return wireName;
  }
}
