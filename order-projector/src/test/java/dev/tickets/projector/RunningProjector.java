package dev.tickets.projector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.tickets.testkit.TestInfrastructure;

/** One order-projector application, started for one test on its own topic, group and database. */
final class RunningProjector implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final MeterRegistry registry;

  private RunningProjector(ConfigurableApplicationContext context) {
    this.context = context;
    this.registry = context.getBean(MeterRegistry.class);
  }

  static RunningProjector start(String name, Map<String, String> overrides) {
    return start(name, overrides, UnaryOperator.identity());
  }

  /** Starts with the application's {@link ReplicaStore} wrapped by {@code storeDecorator}. */
  static RunningProjector start(String name, Map<String, String> overrides,
      UnaryOperator<ReplicaStore> storeDecorator) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.putAll(TestInfrastructure.orderProjectorProperties(name, name));
    properties.put("order-projector.gap-timeout", "2s");
    properties.put("order-projector.commit-interval", "100ms");
    properties.put("order-projector.retry.initial-backoff", "20ms");
    properties.put("order-projector.retry.max-backoff", "200ms");
    properties.putAll(overrides);
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    return new RunningProjector(new SpringApplicationBuilder(OrderProjectorApplication.class)
        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(
            new BeanPostProcessor() {
              @Override
              public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ReplicaStore store ? storeDecorator.apply(store) : bean;
              }
            }))
        .run(args.toArray(String[]::new)));
  }

  /** The HTTP port of the read API and the actuator. */
  int port() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** The actuator's port when it has one of its own ({@code management.server.port}). */
  int managementPort() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
  }

  TicketReplica replica(String ticketId) {
    return context.getBean(ReplicaStore.class).find(ticketId).block(Duration.ofSeconds(10));
  }

  /** Records settled with the outcome; still readable after {@link #close()}. */
  double records(String outcome) {
    return registry.find("projector.records").tag("outcome", outcome)
        .counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** Open connections of the projector's Kafka consumer, from its client metrics. */
  double consumerConnections() {
    return registry.find("kafka.consumer.connection.count").gauges().stream()
        .mapToDouble(gauge -> gauge.value()).sum();
  }

  double gapRetries() {
    return registry.counter("projector.gap.retries").count();
  }

  /** Records per write to the store, or {@code null} where the projector does not measure it. */
  DistributionSummary writes() {
    return registry.find("projector.write.batch.size").summary();
  }

  double meanProcessingMillis() {
    return registry.timer("projector.processing").mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    context.close();
  }
}
