package dev.tickets.projector.projection.web;

/** A {@code minVersion} that is not a non-negative integer of at most 18 digits. */
final class InvalidMinVersion extends RuntimeException {

  InvalidMinVersion(String minVersion) {
    super(
        "minVersion must be a whole number from 0 to 999999999999999999, was '"
            + (minVersion.length() > 40 ? minVersion.substring(0, 40) + "..." : minVersion)
            + "'",
        null,
        false,
        false);
  }
}
