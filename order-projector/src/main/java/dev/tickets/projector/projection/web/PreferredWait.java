package dev.tickets.projector.projection.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The {@code wait} preference of a request's {@code Prefer} headers (RFC 7240): {@code wait=S} or
 * {@code wait="S"}, S a whole number of seconds. Only the first {@code wait} counts (section 2); a
 * value that is not seconds is ignored, as a server ignores a preference it does not understand,
 * and so is a header value whose quotes do not close. Commas and semicolons inside quoted strings
 * separate nothing. Seconds too many for a {@code long} are {@link Long#MAX_VALUE}: the service's
 * maximum caps them anyway.
 */
final class PreferredWait {

  private static final String WAIT = "wait";

  private PreferredWait() {}

  /** The seconds the first {@code wait} preference asks for; empty without one that is seconds. */
  static OptionalLong of(List<String> headers) {
    if (headers == null) {
      return OptionalLong.empty();
    }
    for (String header : headers) {
      List<String> preferences = splitOutsideQuotes(header, ',');
      if (preferences == null) {
        continue; // unbalanced quotes: this header value means nothing we can tell
      }
      for (String preference : preferences) {
        String first = splitOutsideQuotes(preference, ';').get(0);
        int equals = first.indexOf('=');
        String name = (equals < 0 ? first : first.substring(0, equals)).trim();
        if (name.toLowerCase(Locale.ROOT).equals(WAIT)) {
          return equals < 0 ? OptionalLong.empty() : seconds(first.substring(equals + 1).trim());
        }
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong seconds(String word) {
    String value =
        word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"")
            ? word.substring(1, word.length() - 1)
            : word;
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException tooMany) {
      return OptionalLong.of(Long.MAX_VALUE);
    }
  }

  /**
   * {@code text} split at each {@code separator} outside a quoted string (where a backslash quotes
   * the next character); null when a quoted string does not close.
   */
  private static List<String> splitOutsideQuotes(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        part.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
        continue;
      }
      part.append(c);
    }
    if (quoted) {
      return null;
    }
    parts.add(part.toString());
    return parts;
  }
}
