package dev.tickets.api.ticket.web;

import java.util.ArrayList;
import java.util.List;

/**
 * One entity-tag of RFC 9110 section 8.8.3: {@code "opaque"} or weak {@code W/"opaque"}.
 *
 * @param weak whether the tag carried the {@code W/} prefix
 * @param opaque the characters between the quotes
 */
record EntityTag(boolean weak, String opaque) {

  /**
   * Parses a comma-separated list of entity-tags, as sent in {@code If-Match} and {@code
   * If-None-Match} (not {@code *}). Commas inside quotes belong to the tag.
   *
   * @throws IllegalArgumentException when the value is not such a list
   */
  static List<EntityTag> parseList(String header) {
    List<EntityTag> tags = new ArrayList<>();
    int at = 0;
    while (at < header.length()) {
      char c = header.charAt(at);
      if (c == ' ' || c == '\t' || c == ',') {
        at++;
        continue;
      }
      boolean weak = header.startsWith("W/", at);
      int open = weak ? at + 2 : at;
      if (open >= header.length() || header.charAt(open) != '"') {
        throw new IllegalArgumentException("expected a quoted entity-tag at position " + at);
      }
      int close = header.indexOf('"', open + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated entity-tag at position " + at);
      }
      tags.add(new EntityTag(weak, requireTagCharacters(header.substring(open + 1, close))));
      at = requireSeparator(header, close + 1);
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("no entity-tag");
    }
    return tags;
  }

  /** Whether this tag is {@code opaqueTag}, ignoring weakness (weak comparison). */
  boolean weaklyMatches(String opaqueTag) {
    return opaque.equals(opaqueTag);
  }

  private static String requireTagCharacters(String opaque) {
    for (int i = 0; i < opaque.length(); i++) {
      char c = opaque.charAt(i);
      if (c < 0x21 || c == 0x7F) {
        throw new IllegalArgumentException(
            "entity-tags must not contain spaces or control characters");
      }
    }
    return opaque;
  }

  /** Skips optional white space after a tag; only a comma or the end may follow. */
  private static int requireSeparator(String header, int from) {
    int at = from;
    while (at < header.length() && (header.charAt(at) == ' ' || header.charAt(at) == '\t')) {
      at++;
    }
    if (at < header.length() && header.charAt(at) != ',') {
      throw new IllegalArgumentException("expected ',' after an entity-tag at position " + at);
    }
    return at;
  }
}
