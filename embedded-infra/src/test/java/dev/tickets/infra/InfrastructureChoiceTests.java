package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InfrastructureChoiceTests {

  @Test
  void usesDockerWhenAnEngineIsAvailable() {
    assertThat(InfrastructureChoice.decide(Optional.empty(), () -> true).docker()).isTrue();
  }

  @Test
  void usesEmbeddedServersWithoutDocker() {
    assertThat(InfrastructureChoice.decide(Optional.empty(), () -> false))
        .isEqualTo(new InfrastructureChoice(false, "no Docker engine is available"));
  }

  @Test
  void embeddedSettingWinsOverDocker() {
    InfrastructureChoice choice = InfrastructureChoice.decide(Optional.of("EMBEDDED"), () -> true);

    assertThat(choice).isEqualTo(new InfrastructureChoice(false, "tickets.test.infra=embedded"));
  }

  @Test
  void readsSystemPropertyBeforeEnvironment() {
    Map<String, String> properties = Map.of("tickets.test.infra", "embedded");
    Map<String, String> environment = Map.of("TICKETS_TEST_INFRA", "docker");

    assertThat(InfrastructureChoice.setting(properties::get, environment::get))
        .contains("embedded");
  }

  @Test
  void readsEitherEnvironmentSpelling() {
    Map<String, String> environment = Map.of("TICKETS_TEST_INFRA", " embedded ");

    assertThat(InfrastructureChoice.setting(key -> null, environment::get)).contains("embedded");
    assertThat(InfrastructureChoice.setting(key -> null, key -> null)).isEmpty();
  }
}
