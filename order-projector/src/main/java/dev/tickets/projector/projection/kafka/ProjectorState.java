package dev.tickets.projector.projection.kafka;

/** Where the projector's subscription stands. */
enum ProjectorState {
  /** Not started yet. */
  NEW,
  /** Consuming. */
  RUNNING,
  /** The stream failed with an error that is not retried: the projector consumes no more. */
  FAILED,
  /** The stream completed, which it never should: the projector consumes no more. */
  COMPLETED,
  /** Stopped on purpose. */
  STOPPED
}
