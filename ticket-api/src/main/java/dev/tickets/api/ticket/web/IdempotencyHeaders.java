package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.idempotency.IdempotencyKey;
import dev.tickets.api.ticket.idempotency.IdempotentRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} request header and the {@code Idempotent-Replayed} answer header. A
 * request's fingerprint is a SHA-256 of its method, path and fields as the API reads them (so
 * {@code 20} and {@code 20.00}, or two spellings of the same JSON, are the same request).
 */
final class IdempotencyHeaders {

  static final String KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  private IdempotencyHeaders() {}

  static IdempotentRequest request(
      String caller,
      String key,
      String method,
      String path,
      TicketChanges changes,
      String ticketId) {
    String problem = IdempotencyKey.problem(key);
    if (problem != null) {
      throw new InvalidIdempotencyKey(problem);
    }
    String request = method + " " + path;
    return new IdempotentRequest(
        new IdempotencyKey(caller, key),
        sha256(lengthPrefixed(request) + lengthPrefixed(changes.title()) + plain(changes.price())),
        request,
        ticketId);
  }

  /** The part with its length before it: no two different lists of parts give the same text. */
  private static String lengthPrefixed(String part) {
    return part.length() + ":" + part;
  }

  private static String plain(BigDecimal price) {
    return price.stripTrailingZeros().toPlainString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
    }
  }
}
