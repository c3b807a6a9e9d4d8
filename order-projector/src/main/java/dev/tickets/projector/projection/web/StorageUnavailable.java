package dev.tickets.projector.projection.web;

/**
 * The replica store did not answer (MongoDB is out), or not within a read's wait: 503, as
 * ticket-api answers when its own store is out.
 */
final class StorageUnavailable extends RuntimeException {

  static final String TYPE = "storage-unavailable";
  static final String TITLE = "Storage unavailable";

  /** What a client is told to wait before it asks again (seconds), as at ticket-api. */
  static final String RETRY_AFTER_SECONDS = "5";

  StorageUnavailable() {
    super("The replica store is unreachable; retry later", null, false, false);
  }
}
