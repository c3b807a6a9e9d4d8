package dev.tickets.projector.projection.web;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.ReplicaWaits;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads that wait for a version ({@code ?minVersion=N}): the waits, which the apply path tells what
 * it writes, and the lifecycle of their shared look-up.
 */
@Configuration(proxyBeanMethods = false)
class ReadWaitsConfiguration {

  @Bean
  ReplicaWaits replicaWaits(
      ReplicaStore store, ProjectorProperties properties, MeterRegistry registry) {
    ProjectorProperties.Read read = properties.read();
    return new ReplicaWaits(store, read.maxWaiters(), read.pollInterval(), registry);
  }

  @Bean
  ReadWaitsLifecycle readWaitsLifecycle(ReplicaWaits waits) {
    return new ReadWaitsLifecycle(waits);
  }
}
