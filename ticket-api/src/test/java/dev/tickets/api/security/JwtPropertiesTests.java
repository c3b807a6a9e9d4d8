package dev.tickets.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class JwtPropertiesTests {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bound.class);

  @Test
  void acceptsSecretOfThirtyTwoBytes() {
    assertThat(new JwtProperties(SECRET, null, null, 10_000).secretBytes()).hasSize(32);
  }

  @Test
  void acceptsIssuerOrKeySetWithoutSecret() {
    assertThat(new JwtProperties(null, URI.create("https://id.example/"), null, 10_000).issuerUri())
        .hasHost("id.example");
    assertThat(new JwtProperties(" ", null, URI.create("https://id.example/jwks"), 10_000).secret())
        .isNull();
  }

  @Test
  void refusesShortSecret() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new JwtProperties(SECRET.substring(1), null, null, 10_000))
        .withMessageContaining("at least 32 bytes")
        .withMessageContaining("it has 31");
  }

  @Test
  void refusesNegativeCacheSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new JwtProperties(SECRET, null, null, -1))
        .withMessageContaining("ticket-api.security.jwt.cache-size");
  }

  @Test
  void refusesConfigurationWithoutAnyWayToVerifyTokens() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new JwtProperties("", null, null, 10_000))
        .withMessageContaining("TICKET_API_SECURITY_JWT_SECRET");
  }

  @Test
  void failsStartupWithClearMessageWhenNothingIsConfigured() {
    context
        .withPropertyValues(
            "ticket-api.security.jwt.secret=", "ticket-api.security.jwt.issuer-uri=")
        .run(
            started ->
                assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("No way to verify bearer tokens"));
  }

  @Test
  void failsStartupWhenSecretIsTooShort() {
    context
        .withPropertyValues("ticket-api.security.jwt.secret=too-short")
        .run(
            started ->
                assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("at least 32 bytes"));
  }

  @Test
  void bindsSecretFromEnvironmentVariable() {
    context
        .withInitializer(
            app ->
                app.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "env", Map.of("TICKET_API_SECURITY_JWT_SECRET", SECRET))))
        .run(
            started -> assertThat(started.getBean(JwtProperties.class).secret()).isEqualTo(SECRET));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(JwtProperties.class)
  static class Bound {}
}
