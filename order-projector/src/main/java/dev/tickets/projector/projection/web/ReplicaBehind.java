package dev.tickets.projector.projection.web;

/** The wait of a read ended before the replica reached the version it asked for: 504. */
final class ReplicaBehind extends RuntimeException {

  static final String TYPE = "replica-behind";
  static final String TITLE = "Replica behind";

  private final transient ReadWait read;
  private final Long currentVersion;

  ReplicaBehind(String ticketId, ReadWait read, Long currentVersion) {
    super(
        "The replica of ticket "
            + ticketId
            + (currentVersion == null
                ? " was not seen"
                : " was last seen at version " + currentVersion)
            + ", not "
            + read.minVersion()
            + " or later, after "
            + read.timeout().toMillis()
            + " ms; retry later",
        null,
        false,
        false);
    this.read = read;
    this.currentVersion = currentVersion;
  }

  ReadWait read() {
    return read;
  }

  Long currentVersion() {
    return currentVersion;
  }
}
