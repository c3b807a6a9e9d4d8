package dev.tickets.api.ticket.web;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Ticket versions as HTTP entity-tags: version 3 is the strong tag {@code "3"}.
 *
 * <p>{@code If-Match} on a write must name exactly one strong version: missing or {@code *} is
 * {@link MissingIfMatch} (the write would not be conditional on a version); a weak tag, a list,
 * or anything that is not a version this API issued is {@link InvalidIfMatch}.
 * {@code If-None-Match} on a read uses weak comparison and accepts {@code *} and lists; a
 * malformed {@code If-None-Match} is ignored, so the read answers in full.
 */
final class ETags {

  private static final Pattern VERSION = Pattern.compile("0|[1-9][0-9]{0,17}");

  private ETags() {
  }

  static String format(long version) {
    return "\"" + version + "\"";
  }

  /** The one version an {@code If-Match} value names. */
  static long requiredVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new MissingIfMatch("If-Match is required: send If-Match: \"<version>\" with the "
          + "ETag of the ticket you read");
    }
    if (ifMatch.trim().equals("*")) {
      throw new MissingIfMatch("If-Match: * names no version: send If-Match: \"<version>\" with "
          + "the ETag of the ticket you read");
    }
    List<EntityTag> tags = parse(ifMatch);
    if (tags.size() != 1) {
      throw new InvalidIfMatch("If-Match must name exactly one version, not " + tags.size());
    }
    EntityTag tag = tags.get(0);
    if (tag.weak()) {
      throw new InvalidIfMatch("If-Match must be a strong entity-tag such as \"3\", not a weak one");
    }
    if (!VERSION.matcher(tag.opaque()).matches()) {
      throw new InvalidIfMatch("If-Match must name a ticket version such as \"3\"");
    }
    return Long.parseLong(tag.opaque());
  }

  /** Whether {@code If-None-Match} matches the current version, so the answer is 304. */
  static boolean noneMatchHits(String ifNoneMatch, long version) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    String current = Long.toString(version);
    try {
      return EntityTag.parseList(ifNoneMatch).stream().anyMatch(tag -> tag.weaklyMatches(current));
    }
    catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static List<EntityTag> parse(String ifMatch) {
    try {
      return EntityTag.parseList(ifMatch);
    }
    catch (IllegalArgumentException malformed) {
      throw new InvalidIfMatch("If-Match is not a valid entity-tag: " + malformed.getMessage());
    }
  }
}
