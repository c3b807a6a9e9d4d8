package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tickets.local.StackOptions.BadCommandLine;
import dev.tickets.local.StackOptions.Port;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StackOptionsTests {

  private final Path root = Path.of("/repo");

  @Test
  void keepsDataInDotLocalOnWellKnownPortsByDefault() {
    StackOptions options = StackOptions.parse(List.of(), Map.of(), root);

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
        StackOptions.parse(List.of("--fresh", "--data-dir=/tmp/stack"), Map.of(), root);

    assertThat(options.fresh()).isTrue();
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/stack"));
  }

  @Test
  void takesTheDataDirFromTheEnvironmentUnlessTheOptionGivesOne() {
    Map<String, String> environment = Map.of("LOCAL_DATA_DIR", "/var/stack");

    assertThat(StackOptions.parse(List.of(), environment, root).dataDir())
        .isEqualTo(Path.of("/var/stack"));
    assertThat(StackOptions.parse(List.of("--data-dir=/tmp/s"), environment, root).dataDir())
        .isEqualTo(Path.of("/tmp/s"));
  }

  @Test
  void takesEachPortFromItsOptionOverItsVariable() {
    Map<String, String> environment =
        Map.of(
            "TICKET_API_PORT", "18080",
            "ORDER_PROJECTOR_PORT", "18081",
            "KAFKA_PORT", "19092",
            "MONGO_PORT", "37017");

    StackOptions fromEnvironment = StackOptions.parse(List.of(), environment, root);
    StackOptions fromOptions =
        StackOptions.parse(
            List.of(
                "--api-port=28080",
                "--projector-port=28081",
                "--kafka-port=29092",
                "--mongo-port=47017"),
            environment,
            root);

    assertThat(fromEnvironment)
        .extracting(
            StackOptions::ticketApiPort,
            StackOptions::projectorPort,
            StackOptions::kafkaPort,
            StackOptions::mongoPort)
        .containsExactly(18080, 18081, 19092, 37017);
    assertThat(fromOptions)
        .extracting(
            StackOptions::ticketApiPort,
            StackOptions::projectorPort,
            StackOptions::kafkaPort,
            StackOptions::mongoPort)
        .containsExactly(28080, 28081, 29092, 47017);
  }

  @Test
  void rejectsUnknownOptionsNamingThemAndPointingToHelp() {
    assertThatThrownBy(() -> StackOptions.parse(List.of("--frsh"), Map.of(), root))
        .isInstanceOf(BadCommandLine.class)
        .hasMessage("unknown option '--frsh'; see ./run-local --help for the options");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "80a", ""})
  void rejectsAPortOutsideOneTo65535(String value) {
    assertThatThrownBy(() -> StackOptions.parse(List.of("--api-port=" + value), Map.of(), root))
        .isInstanceOf(BadCommandLine.class)
        .hasMessage("--api-port must be a port number from 1 to 65535, was '" + value + "'");
  }

  @Test
  void rejectsABadPortInTheEnvironmentNamingTheVariable() {
    assertThatThrownBy(() -> StackOptions.parse(List.of(), Map.of("MONGO_PORT", "mongo"), root))
        .isInstanceOf(BadCommandLine.class)
        .hasMessageStartingWith("MONGO_PORT must be a port number");
  }

  @Test
  void rejectsTwoComponentsOnOnePort() {
    assertThatThrownBy(() -> StackOptions.parse(List.of("--api-port=9092"), Map.of(), root))
        .isInstanceOf(BadCommandLine.class)
        .hasMessageContaining("ticket-api and Kafka would both use port 9092")
        .hasMessageContaining("--kafka-port=N or KAFKA_PORT");
  }

  @Test
  void asksForHelpWithEitherSpellingAnywhere() {
    assertThat(StackOptions.asksForHelp(List.of("--fresh", "-h"))).isTrue();
    assertThat(StackOptions.asksForHelp(List.of("--help"))).isTrue();
    assertThat(StackOptions.asksForHelp(List.of("--fresh"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Port.class)
  void usageListsEachPortWithItsVariableAndDefault(Port port) {
    assertThat(StackOptions.usage())
        .containsPattern(
            port.option() + "=N\\s+" + port.variable() + "\\s+" + port.defaultPort() + "\\s");
  }

  @Test
  void usageListsTheOtherOptionsAndTheSubcommand() {
    assertThat(StackOptions.usage())
        .containsPattern("--data-dir=PATH\\s+LOCAL_DATA_DIR\\s+\\.local\\s")
        .contains("--fresh", "--help, -h", "send-event [--kafka-port=N] [--key=KEY] [JSON]");
  }
}
