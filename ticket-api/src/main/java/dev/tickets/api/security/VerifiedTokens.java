package dev.tickets.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * A decoder that remembers the tokens its verifier accepted, by their exact text: a client that
 * sends the same bearer token again is not parsed, checked against its signature and validated
 * again on every request.
 *
 * <p>A token is answered from memory only while the verifier would still accept it as unexpired
 * ({@code exp} plus the allowed clock skew, checked against the clock on every use), and for at
 * most {@link #MAX_REUSE} after it was verified: a key the verifier stops trusting (a key set it
 * fetched again without that key) is honoured for at most that much longer. At most {@code
 * maximumSize} tokens are remembered; beyond that the least useful ones are forgotten. A refused
 * token is never remembered: each use is verified, and refused, again. A remembered token is still
 * accepted while an identity provider's key set cannot be fetched.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

  /** The longest a verified token is answered from memory before it is verified again. */
  static final Duration MAX_REUSE = Duration.ofMinutes(5);

  private final ReactiveJwtDecoder verifier;
  private final Duration clockSkew;
  private final Clock clock;
  private final Cache<String, Jwt> accepted;

  VerifiedTokens(ReactiveJwtDecoder verifier, long maximumSize, Duration clockSkew) {
    this(verifier, maximumSize, clockSkew, Clock.systemUTC(), Ticker.systemTicker());
  }

  /** With the clock that tells a token's remaining life and the ticker that measures it passing. */
  VerifiedTokens(
      ReactiveJwtDecoder verifier,
      long maximumSize,
      Duration clockSkew,
      Clock clock,
      Ticker ticker) {
    this.verifier = verifier;
    this.clockSkew = clockSkew;
    this.clock = clock;
    this.accepted =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> reuseFor(jwt)))
            .ticker(ticker)
            .build();
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Jwt known = accepted.getIfPresent(token);
    if (known != null && reusable(known)) {
      return Mono.just(known);
    }
    return verifier.decode(token).doOnNext(jwt -> remember(token, jwt));
  }

  /** Tokens remembered now (for tests and diagnostics). */
  long size() {
    accepted.cleanUp();
    return accepted.estimatedSize();
  }

  private void remember(String token, Jwt jwt) {
    if (reusable(jwt)) {
      accepted.put(token, jwt);
    }
  }

  private boolean reusable(Jwt jwt) {
    return reuseFor(jwt).compareTo(Duration.ZERO) > 0;
  }

  /** How long {@code jwt} may be answered from memory from now on; zero or less: not at all. */
  private Duration reuseFor(Jwt jwt) {
    Instant expiresAt = jwt.getExpiresAt();
    if (expiresAt == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), expiresAt.plus(clockSkew));
    return left.compareTo(MAX_REUSE) < 0 ? left : MAX_REUSE;
  }
}
