package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BearerTokensTests {

  private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";

  @Test
  void signsAnHs256TokenForTheSubjectThatExpires() throws Exception {
    SignedJWT token = SignedJWT.parse(BearerTokens.hs256(SECRET, "alice"));

    assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(token.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now());
  }

  @Test
  void signsAnExpiredTokenIssuedBeforeItExpired() throws Exception {
    SignedJWT token = SignedJWT.parse(BearerTokens.expired(SECRET, "alice"));

    assertThat(token.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant())
        .isBefore(Instant.now())
        .isAfter(token.getJWTClaimsSet().getIssueTime().toInstant());
  }

  @Test
  void refusesASecretTooShortForHs256() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BearerTokens.hs256("short", "alice"))
        .withMessageContaining("32 bytes");
  }
}
