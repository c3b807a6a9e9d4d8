package dev.tickets.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import dev.tickets.api.TestTokens;
import reactor.test.StepVerifier;

class JwtDecoderFactoryTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "a-secret-of-more-than-thirty-two-bytes-for-hs256";

  private final ReactiveJwtDecoder decoder =
      JwtDecoderFactory.create(new JwtProperties(SECRET, null, null));
  private final TestTokens tokens = new TestTokens(SECRET);

  @Test
  void acceptsTokenSignedWithTheSecretAndReadsItsSubject() {
    decoder.decode(tokens.forSubject("alice"))
        .as(StepVerifier::create)
        .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("alice"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenSignedWithAnotherKey() {
    decoder.decode(TestTokens.forgedFor("alice"))
        .as(StepVerifier::create)
        .expectError(JwtException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenWithoutExpiry() {
    decoder.decode(tokens.withoutExpiry("alice"))
        .as(StepVerifier::create)
        .expectError(JwtException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsExpiredToken() {
    decoder.decode(tokens.expiredFor("alice"))
        .as(StepVerifier::create)
        .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(JwtException.class)
            .hasMessageContaining("expired"))
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTokenWithoutSubject() {
    decoder.decode(tokens.withoutSubject())
        .as(StepVerifier::create)
        .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(JwtException.class)
            .hasMessageContaining("sub"))
        .verify(TIMEOUT);
  }

  @Test
  void buildsIdentityProviderDecodersWithoutContactingThemAtStartup() {
    URI unreachable = URI.create("http://127.0.0.1:9/realms/tickets");
    assertThat(JwtDecoderFactory.create(new JwtProperties(null, unreachable, null))).isNotNull();
    assertThat(JwtDecoderFactory.create(new JwtProperties(null, null, unreachable))).isNotNull();
  }
}
