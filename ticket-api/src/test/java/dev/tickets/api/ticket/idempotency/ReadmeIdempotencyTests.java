package dev.tickets.api.ticket.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README quotes the texts the OpenAPI document and the problems take from the code, word for
 * word (line breaks and the indentation of a list item aside), so the three cannot drift apart.
 */
class ReadmeIdempotencyTests {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void theReadmeStatesTheRetryRuleAsTheCodeDoes() throws IOException {
    assertThat(readme()).contains(IdempotentRequests.RETRY_RULE);
  }

  @Test
  void theReadmeStatesWhatAReusedKeyMeansAsTheCodeDoes() throws IOException {
    assertThat(readme()).contains(IdempotencyKeyReused.MEANING);
  }

  /** The README as one line: runs of white space, line breaks included, as one space. */
  private static String readme() throws IOException {
    return Files.readString(README).replaceAll("\\s+", " ");
  }
}
