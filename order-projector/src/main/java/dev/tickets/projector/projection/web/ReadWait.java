package dev.tickets.projector.projection.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a read asks to wait for: {@code ?minVersion=N} (a whole number from 0 to {@link
 * Long#MAX_VALUE}; anything else is refused) and, optionally, {@code Prefer: wait=S} ({@link
 * PreferredWait}: at most S seconds, never more than the service's maximum; {@code wait=0} answers
 * from the first read of the replica).
 *
 * @param minVersion the version the replica must hold, or a later one
 * @param timeout how long the read may wait for it
 * @param preferred whether a {@code Prefer: wait} was applied (then it is answered as applied)
 */
record ReadWait(long minVersion, Duration timeout, boolean preferred) {

  /** Empty without {@code minVersion}: the read is answered as it is, without waiting. */
  static Optional<ReadWait> of(String minVersion, List<String> prefer, Duration maxWait) {
    if (minVersion == null) {
      return Optional.empty();
    }
    OptionalLong asked = PreferredWait.of(prefer);
    Duration timeout =
        asked.isPresent() && Duration.ofSeconds(asked.getAsLong()).compareTo(maxWait) < 0
            ? Duration.ofSeconds(asked.getAsLong())
            : maxWait;
    return Optional.of(new ReadWait(version(minVersion), timeout, asked.isPresent()));
  }

  /** The value of {@code Preference-Applied} when {@link #preferred}. */
  String applied() {
    return "wait=" + timeout.toSeconds();
  }

  private static long version(String minVersion) {
    if (minVersion.isEmpty() || !minVersion.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidMinVersion(minVersion);
    }
    try {
      return Long.parseLong(minVersion);
    } catch (NumberFormatException outOfRange) {
      throw new InvalidMinVersion(minVersion);
    }
  }
}
