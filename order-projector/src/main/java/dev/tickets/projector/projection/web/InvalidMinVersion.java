package dev.tickets.projector.projection.web;

/** A {@code minVersion} that is not a whole number from 0 to {@link Long#MAX_VALUE}: 400. */
final class InvalidMinVersion extends RuntimeException {

  static final String TYPE = "invalid-min-version";
  static final String TITLE = "Invalid minVersion";

  InvalidMinVersion(String minVersion) {
    super(
        "minVersion must be a whole number from 0 to "
            + Long.MAX_VALUE
            + ", was '"
            + (minVersion.length() > 40 ? minVersion.substring(0, 40) + "..." : minVersion)
            + "'",
        null,
        false,
        false);
  }
}
