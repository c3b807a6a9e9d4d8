package dev.tickets.api.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified. The first one set wins: {@code jwkSetUri}, then {@code
 * issuerUri}, then the HS256 {@code secret}. At least one must be set, and a secret must have at
 * least {@value #MIN_SECRET_BYTES} bytes; otherwise the service refuses to start.
 *
 * @param secret shared HS256 key, at least 32 bytes in UTF-8; set it through the environment
 *     ({@code TICKET_API_SECURITY_JWT_SECRET}), never in a committed production configuration
 * @param issuerUri an OpenID Connect issuer whose discovery document names its key set; also
 *     required as the tokens' {@code iss}
 * @param jwkSetUri an identity provider's JSON Web Key Set, used directly without discovery
 * @param cacheSize how many verified tokens are remembered, so that a client reusing its token is
 *     not verified again on every request ({@link VerifiedTokens}); 0 verifies every request
 */
@ConfigurationProperties("ticket-api.security.jwt")
public record JwtProperties(
    String secret, URI issuerUri, URI jwkSetUri, @DefaultValue("10000") int cacheSize) {

  static final int MIN_SECRET_BYTES = 32;

  public JwtProperties {
    secret = secret == null || secret.isBlank() ? null : secret;
    if (secret == null && issuerUri == null && jwkSetUri == null) {
      throw new IllegalArgumentException(
          "No way to verify bearer tokens: set "
              + "ticket-api.security.jwt.secret (env TICKET_API_SECURITY_JWT_SECRET, at least "
              + MIN_SECRET_BYTES
              + " bytes), ticket-api.security.jwt.issuer-uri or "
              + "ticket-api.security.jwt.jwk-set-uri");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException(
          "ticket-api.security.jwt.cache-size must be 0 (no cache) or more, it is " + cacheSize);
    }
    if (secret != null && secretBytes(secret).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "ticket-api.security.jwt.secret must have at least "
              + MIN_SECRET_BYTES
              + " bytes for HS256, it has "
              + secretBytes(secret).length);
    }
  }

  /** The HS256 key material. */
  byte[] secretBytes() {
    return secretBytes(secret);
  }

  private static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
