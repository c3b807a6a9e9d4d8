package dev.tickets.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event loops that serve HTTP and talk to MongoDB ({@link EventLoopConfiguration}).
 *
 * @param threads how many event-loop threads HTTP and MongoDB share; 0 means one per available
 *     processor. Nothing blocks on them, so more threads than processors only add context switches
 */
@ConfigurationProperties("ticket-api.event-loop")
public record EventLoopProperties(@DefaultValue("0") int threads) {

  public EventLoopProperties {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "ticket-api.event-loop.threads must be 0 (one per processor) or more, it is " + threads);
    }
  }

  /** The number of threads to start. */
  int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
