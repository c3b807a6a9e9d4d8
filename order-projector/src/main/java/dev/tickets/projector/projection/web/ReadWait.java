package dev.tickets.projector.projection.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a read asks to wait for: {@code ?minVersion=N} (a non-negative integer; anything else is
 * refused) and, optionally, {@code Prefer: wait=S} (RFC 7240: at most S seconds, never more than
 * the service's maximum). A {@code wait} preference that is not a number of seconds is ignored, as
 * RFC 7240 has a server ignore what it does not understand.
 *
 * @param minVersion the version the replica must hold, or a later one
 * @param timeout how long the read may wait for it
 * @param preferred whether a {@code Prefer: wait} set {@link #timeout} (then it is answered as
 *     applied)
 */
record ReadWait(long minVersion, Duration timeout, boolean preferred) {

  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");
  private static final Pattern WAIT =
      Pattern.compile("^\\s*wait\\s*=\\s*\"?([0-9]{1,9})\"?\\s*(;.*)?$", Pattern.CASE_INSENSITIVE);

  /** Empty without {@code minVersion}: the read is answered as it is, without waiting. */
  static Optional<ReadWait> of(String minVersion, List<String> prefer, Duration maxWait) {
    if (minVersion == null) {
      return Optional.empty();
    }
    if (!VERSION.matcher(minVersion).matches()) {
      throw new InvalidMinVersion(minVersion);
    }
    Optional<Duration> preferred = preferredWait(prefer);
    Duration timeout = preferred.filter(asked -> asked.compareTo(maxWait) < 0).orElse(maxWait);
    return Optional.of(new ReadWait(Long.parseLong(minVersion), timeout, preferred.isPresent()));
  }

  /** The value of {@code Preference-Applied} when {@link #preferred}. */
  String applied() {
    return "wait=" + timeout.toSeconds();
  }

  private static Optional<Duration> preferredWait(List<String> prefer) {
    if (prefer == null) {
      return Optional.empty();
    }
    for (String header : prefer) {
      for (String preference : header.split(",")) {
        Matcher wait = WAIT.matcher(preference.toLowerCase(Locale.ROOT));
        if (wait.matches()) {
          return Optional.of(Duration.ofSeconds(Long.parseLong(wait.group(1))));
        }
      }
    }
    return Optional.empty();
  }
}
