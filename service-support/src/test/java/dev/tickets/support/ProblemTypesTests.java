package dev.tickets.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatusCode;

class ProblemTypesTests {

  @ParameterizedTest
  @CsvSource({
    "400, urn:problem-type:tickets:bad-request",
    "401, urn:problem-type:tickets:unauthorized",
    "404, urn:problem-type:tickets:not-found",
    "413, urn:problem-type:tickets:content-too-large",
    "599, urn:problem-type:tickets:http-599"
  })
  void namesARefusalKnownOnlyByItsStatusAfterTheStatus(int status, String type) {
    assertThat(ProblemTypes.of(HttpStatusCode.valueOf(status))).hasToString(type);
  }
}
