package dev.tickets.projector.projection.kafka;

/** Where the projector's subscription stands. */
enum ProjectorState {
  /** Not started yet. */
  NEW,
  /** Consuming. */
  RUNNING,
  /** The stream failed: the projector subscribes again with backoff (then RUNNING again). */
  FAILED,
  /** The stream completed, which it never should: the projector consumes no more. */
  COMPLETED,
  /** Stopped on purpose. */
  STOPPED
}
