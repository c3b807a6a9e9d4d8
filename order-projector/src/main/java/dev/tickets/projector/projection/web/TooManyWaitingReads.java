package dev.tickets.projector.projection.web;

/** As many reads wait for a version as {@code order-projector.read.max-waiters} allows: 503. */
final class TooManyWaitingReads extends RuntimeException {

  static final String TYPE = "too-many-waiting-reads";
  static final String TITLE = "Too many waiting reads";

  TooManyWaitingReads() {
    super(
        "As many reads wait for a version as this instance allows; retry later",
        null,
        false,
        false);
  }
}
