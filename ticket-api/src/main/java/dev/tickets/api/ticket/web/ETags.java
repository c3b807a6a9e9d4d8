package dev.tickets.api.ticket.web;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * Ticket versions as HTTP entity-tags: version 3 is the strong tag {@code "3"}.
 *
 * <p>A write's {@code If-Match} and {@code If-None-Match} become a {@link WritePrecondition}; a
 * value that is not a list of entity-tags is {@link InvalidIfMatch}. {@code If-None-Match} on a
 * read uses weak comparison and accepts {@code *} and lists; a malformed {@code If-None-Match} is
 * ignored there, so the read answers in full.
 */
final class ETags {

  private static final Pattern VERSION = Pattern.compile("0|[1-9][0-9]{0,17}");

  private ETags() {}

  static String format(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The versions a write's preconditions allow (RFC 9110 13.1.1, 13.1.2): {@code If-Match} holds
   * when any of its strong tags names the current version (a weak tag never matches under strong
   * comparison), and {@code If-None-Match} fails when any of its tags names it, or for {@code *}
   * when the ticket exists. A write must name a version: {@code If-Match} missing or {@code *} is
   * {@link MissingIfMatch}, unless {@code If-None-Match: *} alone makes it conditional.
   */
  static WritePrecondition writePrecondition(String ifMatch, String ifNoneMatch) {
    boolean noneMatchAny = ifNoneMatch != null && ifNoneMatch.trim().equals("*");
    if (isAbsent(ifMatch) && !noneMatchAny) {
      throw new MissingIfMatch(
          "If-Match is required: send If-Match: \"<version>\" with the "
              + "ETag of the ticket you read");
    }
    if (!isAbsent(ifMatch) && ifMatch.trim().equals("*")) {
      throw new MissingIfMatch(
          "If-Match: * names no version: send If-Match: \"<version>\" with "
              + "the ETag of the ticket you read");
    }
    TreeSet<Long> versions = new TreeSet<>();
    if (!isAbsent(ifMatch) && !noneMatchAny) {
      parse(ifMatch, HttpHeaders.IF_MATCH).stream()
          .filter(tag -> !tag.weak() && VERSION.matcher(tag.opaque()).matches())
          .forEach(tag -> versions.add(Long.parseLong(tag.opaque())));
    }
    if (!isAbsent(ifNoneMatch) && !noneMatchAny) {
      parse(ifNoneMatch, HttpHeaders.IF_NONE_MATCH).stream()
          .filter(tag -> VERSION.matcher(tag.opaque()).matches())
          .forEach(tag -> versions.remove(Long.parseLong(tag.opaque())));
    }
    return new WritePrecondition(versions, describe(ifMatch, ifNoneMatch));
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
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static List<EntityTag> parse(String value, String header) {
    try {
      return EntityTag.parseList(value);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidIfMatch(
          header + " is not a valid list of entity-tags: " + malformed.getMessage());
    }
  }

  private static boolean isAbsent(String header) {
    return header == null || header.isBlank();
  }

  private static String describe(String ifMatch, String ifNoneMatch) {
    return (isAbsent(ifMatch) ? "" : "If-Match: " + ifMatch.trim())
        + (isAbsent(ifMatch) || isAbsent(ifNoneMatch) ? "" : ", ")
        + (isAbsent(ifNoneMatch) ? "" : "If-None-Match: " + ifNoneMatch.trim());
  }
}
