package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackOptionsTests {

  private final Path root = Path.of("/repo");

  @Test
  void keepsDataInDotLocalOnWellKnownPortsByDefault() {
    StackOptions options = StackOptions.parse(new String[0], root);

    assertThat(options.dataDir()).isEqualTo(root.resolve(".local"));
    assertThat(options.fresh()).isFalse();
    assertThat(options)
        .extracting(
            StackOptions::kafkaPort,
            StackOptions::mongoPort,
            StackOptions::ticketApiPort,
            StackOptions::projectorPort)
        .containsExactly(9092, 27017, 8080, 8081);
  }

  @Test
  void startsEmptyWithFreshAndElsewhereWithDataDir() {
    StackOptions options =
        StackOptions.parse(new String[] {"--fresh", "--data-dir=/tmp/stack"}, root);

    assertThat(options.fresh()).isTrue();
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/stack"));
  }

  @Test
  void rejectsUnknownOptionsNamingTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StackOptions.parse(new String[] {"--frsh"}, root))
        .withMessageContaining("--frsh")
        .withMessageContaining("--fresh");
  }
}
