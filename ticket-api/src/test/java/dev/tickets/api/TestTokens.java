package dev.tickets.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** HS256 bearer tokens for tests, signed with the secret the service under test verifies with. */
public final class TestTokens {

  private final byte[] secret;

  public TestTokens(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid token whose {@code sub} is {@code subject}, good for ten minutes. */
  public String forSubject(String subject) {
    return sign(claims(subject, Instant.now().plus(Duration.ofMinutes(10))).build());
  }

  /** A correctly signed token that expired an hour ago. */
  public String expiredFor(String subject) {
    return sign(claims(subject, Instant.now().minus(Duration.ofHours(1))).build());
  }

  /** A correctly signed, unexpired token without {@code sub}. */
  public String withoutSubject() {
    return sign(new JWTClaimsSet.Builder()
        .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
        .build());
  }

  /** A correctly signed token for {@code subject} that never expires (no {@code exp}). */
  public String withoutExpiry(String subject) {
    return sign(new JWTClaimsSet.Builder().subject(subject).build());
  }

  /** A token for {@code subject} signed with another key than the service's. */
  public static String forgedFor(String subject) {
    return new TestTokens("another-secret-that-the-service-does-not-know-at-all")
        .forSubject(subject);
  }

  /** The value of an {@code Authorization} header carrying {@code token}. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  private static JWTClaimsSet.Builder claims(String subject, Instant expiresAt) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issueTime(Date.from(expiresAt.minus(Duration.ofHours(2))))
        .expirationTime(Date.from(expiresAt));
  }

  private String sign(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    }
    catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a test token", e);
    }
  }
}
