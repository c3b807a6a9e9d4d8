package dev.tickets.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the token decoder {@link JwtProperties} asks for. Every accepted token is unexpired (with
 * {@link #CLOCK_SKEW} of tolerance) and names its subject ({@code sub}, the ticket owner); with an
 * issuer it must also carry it as {@code iss}. Accepted tokens are remembered ({@link
 * VerifiedTokens}) unless {@code cache-size} is 0.
 */
final class JwtDecoderFactory {

  /** How far a token's {@code exp} and {@code nbf} may be off this machine's clock. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private JwtDecoderFactory() {}

  static ReactiveJwtDecoder create(JwtProperties properties) {
    NimbusReactiveJwtDecoder decoder = keySource(properties);
    decoder.setJwtValidator(validator(properties));
    return properties.cacheSize() == 0
        ? decoder
        : new VerifiedTokens(decoder, properties.cacheSize(), CLOCK_SKEW);
  }

  private static NimbusReactiveJwtDecoder keySource(JwtProperties properties) {
    if (properties.jwkSetUri() != null) {
      return NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
    }
    if (properties.issuerUri() != null) {
      return NimbusReactiveJwtDecoder.withIssuerLocation(properties.issuerUri().toString()).build();
    }
    return NimbusReactiveJwtDecoder.withSecretKey(
            new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
        .macAlgorithm(MacAlgorithm.HS256)
        .build();
  }

  private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator(CLOCK_SKEW));
    validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
    validators.add(
        new JwtClaimValidator<String>(
            JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()));
    if (properties.issuerUri() != null) {
      validators.add(new JwtIssuerValidator(properties.issuerUri().toString()));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
