package dev.tickets.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class VerifiedTokensTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final FakeTime time = new FakeTime();
  private final CountingVerifier verifier = new CountingVerifier();
  private final VerifiedTokens tokens = new VerifiedTokens(verifier, 3, SKEW, time.clock(), time);

  @Test
  void aTokenUsedAgainIsNotVerifiedAgain() {
    String token = verifier.token("alice", Duration.ofMinutes(10));

    decodesTo(token, "alice");
    decodesTo(token, "alice");
    decodesTo(token, "alice");

    assertThat(verifier.verified).containsExactly(token);
  }

  @Test
  void aRefusedTokenIsVerifiedAndRefusedEveryTime() {
    refuses("forged");
    refuses("forged");

    assertThat(verifier.verified).containsExactly("forged", "forged");
    assertThat(tokens.size()).isZero();
  }

  @Test
  void aTokenIsVerifiedAgainOnceTheVerifierWouldRefuseItAsExpired() {
    String token = verifier.token("alice", Duration.ofSeconds(30));
    decodesTo(token, "alice");

    time.advance(Duration.ofSeconds(30).plus(SKEW).minusMillis(1));
    decodesTo(token, "alice");
    assertThat(verifier.verified).hasSize(1);

    time.advance(Duration.ofMillis(1));
    refuses(token);
    assertThat(verifier.verified).hasSize(2);
  }

  @Test
  void aLongLivedTokenIsVerifiedAgainAfterTheLongestReuse() {
    String token = verifier.token("alice", Duration.ofHours(8));
    decodesTo(token, "alice");

    time.advance(VerifiedTokens.MAX_REUSE.minusMillis(1));
    decodesTo(token, "alice");
    assertThat(verifier.verified).hasSize(1);

    time.advance(Duration.ofMillis(1));
    decodesTo(token, "alice");
    assertThat(verifier.verified).hasSize(2);
  }

  @Test
  void aTokenAcceptedOnlyThanksToTheSkewIsNotRememberedPastIt() {
    String token = verifier.token("alice", Duration.ofSeconds(-59));
    decodesTo(token, "alice");

    time.advance(Duration.ofSeconds(1));
    refuses(token);
    assertThat(verifier.verified).hasSize(2);
  }

  @Test
  void aRememberedTokenIsNotAnsweredPastItsExpiryWhenTheClockJumpsAhead() {
    String token = verifier.token("alice", Duration.ofSeconds(30));
    decodesTo(token, "alice");

    time.jumpClock(Duration.ofMinutes(2));
    refuses(token);
    assertThat(verifier.verified).hasSize(2);
  }

  @Test
  void remembersNoMoreThanItsSize() {
    for (int i = 0; i < 50; i++) {
      decodesTo(verifier.token("user-" + i, Duration.ofMinutes(10)), "user-" + i);
    }

    assertThat(tokens.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void tokensAreRememberedByTheirExactText() {
    String alice = verifier.token("alice", Duration.ofMinutes(10));
    String bob = verifier.token("bob", Duration.ofMinutes(10));

    decodesTo(alice, "alice");
    decodesTo(bob, "bob");
    decodesTo(alice, "alice");
    decodesTo(bob, "bob");

    assertThat(verifier.verified).containsExactly(alice, bob);
  }

  private void decodesTo(String token, String subject) {
    tokens
        .decode(token)
        .as(StepVerifier::create)
        .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo(subject))
        .expectComplete()
        .verify(TIMEOUT);
  }

  private void refuses(String token) {
    tokens
        .decode(token)
        .as(StepVerifier::create)
        .expectError(BadJwtException.class)
        .verify(TIMEOUT);
  }

  /**
   * Accepts {@code subject|expiresAtEpochMillis} as the verifier of ticket-api would: only while
   * the expiry plus the skew is still ahead of the clock; records every token it was asked about.
   */
  private final class CountingVerifier implements ReactiveJwtDecoder {

    final List<String> verified = new ArrayList<>();

    String token(String subject, Duration validFor) {
      return subject + "|" + time.now().plus(validFor).toEpochMilli();
    }

    @Override
    public Mono<Jwt> decode(String token) {
      verified.add(token);
      String[] parts = token.split("\\|");
      if (parts.length != 2) {
        return Mono.error(new BadJwtException("not a token"));
      }
      Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
      if (!time.now().isBefore(expiresAt.plus(SKEW))) {
        return Mono.error(new BadJwtException("Jwt expired at " + expiresAt));
      }
      return Mono.just(
          Jwt.withTokenValue(token)
              .header("alg", "HS256")
              .subject(parts[0])
              .issuedAt(expiresAt.minus(Duration.ofHours(1)))
              .expiresAt(expiresAt)
              .build());
    }
  }

  /** One time for the clock that dates tokens and the ticker that ages cache entries. */
  private static final class FakeTime implements Ticker {

    private final Instant start = Instant.parse("2026-12-04T12:00:00Z");
    private long elapsedNanos;
    private Duration clockJump = Duration.ZERO;

    Instant now() {
      return start.plusNanos(elapsedNanos).plus(clockJump);
    }

    /** Moves the wall clock only, as a clock correction does; elapsed time stays as it was. */
    void jumpClock(Duration jump) {
      clockJump = clockJump.plus(jump);
    }

    Clock clock() {
      return new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now();
        }
      };
    }

    void advance(Duration duration) {
      elapsedNanos += duration.toNanos();
    }

    @Override
    public long read() {
      return elapsedNanos;
    }
  }
}
