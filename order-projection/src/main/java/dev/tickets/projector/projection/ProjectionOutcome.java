package dev.tickets.projector.projection;

/** How a record was settled; each outcome is acknowledged. */
public enum ProjectionOutcome {
  /** The record took the replica to its version. */
  APPLIED,
  /** The replica already held this version or a later one: nothing changed. */
  DUPLICATE,
  /** The record went to the dead-letter topic with its reason. */
  PARKED
}
