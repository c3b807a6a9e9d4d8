package dev.tickets.events;

/** What a replica should do with an incoming version, as decided by {@link VersionRule}. */
public enum VersionOutcome {
  /** The incoming version is the next one (or 0 for a ticket not yet replicated): apply it. */
  APPLY,
  /** The replica already holds this version or a later one: change nothing, it is done. */
  DUPLICATE,
  /** One or more versions before the incoming one are missing: wait for them. */
  GAP
}
