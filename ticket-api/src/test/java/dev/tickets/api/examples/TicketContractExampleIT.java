package dev.tickets.api.examples;

import dev.tickets.api.TicketApiApplication;
import dev.tickets.testkit.BearerTokens;
import dev.tickets.testkit.ConditionalRequests;
import dev.tickets.testkit.TestInfrastructure;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The original design's ticket tests over real HTTP, written as a project outside this repository
 * would write them: only the kit and ticket-api's application class (docs/testing.md quotes it).
 */
@SpringBootTest(
    classes = TicketApiApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "ticket-api.security.jwt.secret=" + TicketContractExampleIT.SECRET)
class TicketContractExampleIT {

  static final String SECRET = "an-example-secret-of-at-least-32-bytes-for-hs256";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.ticketApi(registry, "ticket-contract-example", "ticket-contract-example");
  }

  @LocalServerPort int port;

  private ConditionalRequests alice;

  @BeforeEach
  void actAsAlice() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    alice = new ConditionalRequests(http, BearerTokens.hs256(SECRET, "alice"));
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
      alice
          .update(id, version, "Concert", new BigDecimal("2" + version))
          .expectVersion(version + 1);
    }
  }
}
