package dev.tickets.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tickets.testkit.BearerTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.test.StepVerifier;

class JwtDecoderFactoryTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "a-secret-of-more-than-thirty-two-bytes-for-hs256";

  private final ReactiveJwtDecoder decoder =
      JwtDecoderFactory.create(new JwtProperties(SECRET, null, null, 10_000));

  @Test
  void acceptsTokenSignedWithTheSecretAndReadsItsSubject() {
    decoder
        .decode(BearerTokens.hs256(SECRET, "alice"))
        .as(StepVerifier::create)
        .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("alice"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenSignedWithAnotherKey() {
    decoder
        .decode(BearerTokens.hs256("another-secret-that-the-service-does-not-know-at-all", "alice"))
        .as(StepVerifier::create)
        .expectError(JwtException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenWithoutExpiry() {
    decoder
        .decode(withoutExpiry("alice"))
        .as(StepVerifier::create)
        .expectError(JwtException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsExpiredToken() {
    decoder
        .decode(BearerTokens.expired(SECRET, "alice"))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error).isInstanceOf(JwtException.class).hasMessageContaining("expired"))
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenWithoutSubject() {
    decoder
        .decode(BearerTokens.hs256(SECRET, null))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error -> assertThat(error).isInstanceOf(JwtException.class).hasMessageContaining("sub"))
        .verify(TIMEOUT);
  }

  @Test
  void buildsIdentityProviderDecodersWithoutContactingThemAtStartup() {
    URI unreachable = URI.create("http://127.0.0.1:9/realms/tickets");
    assertThat(JwtDecoderFactory.create(new JwtProperties(null, unreachable, null, 10_000)))
        .isNotNull();
    assertThat(JwtDecoderFactory.create(new JwtProperties(null, null, unreachable, 10_000)))
        .isNotNull();
  }

  /** A token for {@code subject} signed with the secret, without {@code exp}. */
  private static String withoutExpiry(String subject) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.HS256),
              new JWTClaimsSet.Builder().subject(subject).build());
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a test token", e);
    }
  }
}
