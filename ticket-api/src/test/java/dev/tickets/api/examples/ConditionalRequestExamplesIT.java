package dev.tickets.api.examples;

import java.math.BigDecimal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.tickets.api.TestTokens;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.testkit.ConditionalRequests;

/**
 * The original design's ticket tests, over real HTTP with the kit's {@link ConditionalRequests}
 * (README: "Testing with StepVerifier"): optimistic concurrency and the version's step of 1.
 */
@TicketApiIntegrationTest
class ConditionalRequestExamplesIT {

  @Autowired
  WebTestClient http;

  @Autowired
  JwtProperties jwt;

  private ConditionalRequests alice;

  @BeforeEach
  void actAsAlice() {
    alice = new ConditionalRequests(http, new TestTokens(jwt.secret()).forSubject("alice"));
  }

  @Test
  void implementsOptimisticConcurrencyControl() {
    String id = alice.create("Concert", new BigDecimal("20.00"));

    // Two clients read version 0 and both write: the first wins, the second is told it is stale.
    alice.update(id, 0, "Concert", new BigDecimal("25.00")).expectVersion(1);
    alice.update(id, 0, "Concert", new BigDecimal("30.00")).expectStale(1);
  }

  @Test
  void incrementsTheVersionByOne() {
    String id = alice.create("Concert", new BigDecimal("20.00"));

    for (long version = 0; version < 3; version++) {
      alice.update(id, version, "Concert", new BigDecimal("2" + version)).expectVersion(version + 1);
    }
  }
}
