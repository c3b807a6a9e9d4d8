package dev.tickets.infra;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.testcontainers.DockerClientFactory;

/**
 * Which infrastructure a test JVM uses: Testcontainers when a Docker engine answers, the embedded
 * servers otherwise or when {@code tickets.test.infra=embedded} (system property, or environment
 * variable {@code tickets.test.infra} / {@code TICKETS_TEST_INFRA}) forces them.
 */
record InfrastructureChoice(boolean docker, String reason) {

  static final String SETTING = "tickets.test.infra";
  static final String ENV_SETTING = "TICKETS_TEST_INFRA";

  static InfrastructureChoice detect() {
    return decide(
        setting(System::getProperty, System::getenv), InfrastructureChoice::dockerAvailable);
  }

  static InfrastructureChoice decide(Optional<String> setting, BooleanSupplier dockerAvailable) {
    if (setting.filter("embedded"::equalsIgnoreCase).isPresent()) {
      return new InfrastructureChoice(false, SETTING + "=embedded");
    }
    return dockerAvailable.getAsBoolean()
        ? new InfrastructureChoice(true, "a Docker engine is available")
        : new InfrastructureChoice(false, "no Docker engine is available");
  }

  static Optional<String> setting(
      Function<String, String> properties, Function<String, String> environment) {
    return Optional.ofNullable(properties.apply(SETTING))
        .or(() -> Optional.ofNullable(environment.apply(SETTING)))
        .or(() -> Optional.ofNullable(environment.apply(ENV_SETTING)))
        .map(String::trim);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
