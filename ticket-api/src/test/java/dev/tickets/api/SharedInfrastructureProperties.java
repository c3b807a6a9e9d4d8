package dev.tickets.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import dev.tickets.testkit.TestInfrastructure;

/**
 * Points a test class's application at the shared infrastructure: {@code spring.mongodb.uri} with
 * a database, and {@code ticket-api.kafka.bootstrap-servers} with a topic, both named after the
 * test class, so classes never see each other's data. Takes precedence over every other source.
 */
public class SharedInfrastructureProperties implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    return new PerTestClass(testClass);
  }

  /** The names one test class uses; equal per class, so Spring caches one context per class. */
  record PerTestClass(Class<?> testClass) implements ContextCustomizer {

    String database() {
      return "ticket-api-" + slug();
    }

    String topic() {
      return "ticket-events-" + slug();
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context,
        MergedContextConfiguration mergedConfig) {
      Map<String, Object> properties = new LinkedHashMap<>(TestInfrastructure.ticketApiProperties(database(), topic()));
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("shared-infrastructure", properties));
    }

    private String slug() {
      return testClass.getSimpleName().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
    }
  }
}
