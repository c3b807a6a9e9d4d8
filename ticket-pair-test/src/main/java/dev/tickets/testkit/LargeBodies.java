package dev.tickets.testkit;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads answers larger than WebTestClient's default buffer (256 KB), e.g. documents and scrapes.
 */
public final class LargeBodies {

  private LargeBodies() {}

  /** The body of {@code GET path} as text, up to {@code maxSize} bytes; fails unless it is 200. */
  public static String text(WebTestClient http, String path, int maxSize) {
    return http.mutate()
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxSize))
        .build()
        .get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }
}
