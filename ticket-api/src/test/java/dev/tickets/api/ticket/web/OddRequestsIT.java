package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/** Requests no well-behaved client sends, written raw: always a 4xx, never a 5xx. */
@TicketApiIntegrationTest
class OddRequestsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TICKET = "/api/tickets/0123456789abcdef01234567";

  @LocalServerPort int port;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/tickets?cursor=%00                   | Accept        | application/json",
        TICKET + "                                 | If-None-Match | \"unterminated",
        "/api/tickets/..%2F..%2Fetc%2Fpasswd       | Accept        | application/json",
        "/api/tickets/%2e%2e/actuator/env          | Accept        | application/json"
      })
  void answersOddRequestsWithA4xxProblem(String path, String header, String value) {
    answer(path, header, value)
        .as(StepVerifier::create)
        .assertNext(
            answer ->
                assertThat(answer)
                    .matches("4\\d\\d application/problem\\+json .*\"status\":4\\d\\d.*"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  /**
   * A request URI that cannot be decoded is refused by the server adapter (400) and an Accept
   * header that cannot be parsed leaves no media type to write a problem in (406): both before any
   * problem body can be negotiated, so only the status is asserted.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/tickets/%ZZ             | Accept | application/json | 400",
        "/api/tickets?limit=%ZZ       | Accept | application/json | 400",
        TICKET + "                    | Accept | ///              | 406"
      })
  void refusesUndecodableRequestsWithA4xx(String path, String header, String value, int status) {
    answer(path, header, value)
        .as(StepVerifier::create)
        .assertNext(answer -> assertThat(answer).startsWith(status + " "))
        .expectComplete()
        .verify(TIMEOUT);
  }

  private Mono<String> answer(String path, String header, String value) {
    return HttpClient.create()
        .baseUrl("http://localhost:" + port)
        .headers(headers -> headers.set(header, value))
        .get()
        .uri(path)
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(
                        text ->
                            response.status().code()
                                + " "
                                + response.responseHeaders().get("Content-Type")
                                + " "
                                + text));
  }
}
