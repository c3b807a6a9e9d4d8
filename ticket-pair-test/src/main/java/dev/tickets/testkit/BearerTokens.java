package dev.tickets.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Bearer tokens that ticket-api accepts: HS256 JWTs signed with its {@code
 * ticket-api.security.jwt.secret}.
 */
public final class BearerTokens {

  private BearerTokens() {}

  /** A token for {@code subject} (the caller, who owns what it creates), valid for ten minutes. */
  public static String hs256(String secret, String subject) {
    return hs256(secret, subject, Duration.ofMinutes(10));
  }

  /** A token for {@code subject}, valid for {@code validity}. */
  public static String hs256(String secret, String subject, Duration validity) {
    Instant now = Instant.now();
    return sign(secret, subject, now, now.plus(validity));
  }

  /**
   * A correctly signed token for {@code subject} that expired an hour ago, issued two hours before.
   */
  public static String expired(String secret, String subject) {
    Instant expiredAt = Instant.now().minus(Duration.ofHours(1));
    return sign(secret, subject, expiredAt.minus(Duration.ofHours(2)), expiredAt);
  }

  private static String sign(String secret, String subject, Instant issuedAt, Instant expiresAt) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build());
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException ex) {
      throw new IllegalArgumentException(
          "Cannot sign with this secret (HS256 needs at least 32 bytes): " + ex.getMessage(), ex);
    }
    return jwt.serialize();
  }
}
