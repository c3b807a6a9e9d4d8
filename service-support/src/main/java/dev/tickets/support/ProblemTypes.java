package dev.tickets.support;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The problem types of both services (RFC 9457 {@code type}): {@code urn:problem-type:tickets:}
 * followed by a refusal's name ({@code version-conflict}) or, for a refusal of the framework or of
 * the security filters, by its status's name ({@code bad-request}, {@code unauthorized}).
 */
public final class ProblemTypes {

  public static final String PREFIX = "urn:problem-type:tickets:";

  private ProblemTypes() {}

  /** The type named {@code name}, e.g. {@code version-conflict}. */
  public static URI named(String name) {
    return URI.create(PREFIX + name);
  }

  /** The type of a refusal known only by its status: 400 is {@code bad-request}. */
  public static URI of(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String name = known != null ? known.name() : "HTTP_" + status.value();
    return named(name.toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
