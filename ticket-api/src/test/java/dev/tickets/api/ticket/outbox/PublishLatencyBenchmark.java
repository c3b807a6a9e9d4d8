package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Not part of the build (no {@code Tests}/{@code IT} suffix). Measures the time from a write to
 * Kafka's acknowledgement of its event, an upper bound of "HTTP response to acknowledgement":
 * {@code ./mvnw -pl ticket-api -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.failIfNoSpecifiedTests=false -Dit.test=PublishLatencyBenchmark}
 */
@TicketApiIntegrationTest
class PublishLatencyBenchmark {

  private static final Logger log = LoggerFactory.getLogger(PublishLatencyBenchmark.class);
  private static final int WRITES = 2_000;

  @Autowired
  TicketService tickets;

  @Autowired
  PendingEvents pending;

  @Autowired
  MeterRegistry registry;

  @Test
  void measuresWriteToAcknowledgementLatency() {
    Ticket ticket = tickets.create(new TicketChanges("Benchmark", BigDecimal.ONE), "alice").block(Duration.ofSeconds(10));
    long started = System.nanoTime();
    for (long version = 0; version < WRITES; version++) {
      tickets.update(ticket.id(), version, new TicketChanges("Benchmark", BigDecimal.valueOf(version)), "alice")
          .block(Duration.ofSeconds(10));
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> pending.of(ticket.id()).count().block(Duration.ofSeconds(10)) == 0);
    double seconds = (System.nanoTime() - started) / 1e9;

    var latency = registry.get("outbox.publish.latency").timer();
    assertThat(latency.count()).isGreaterThanOrEqualTo(WRITES);
    log.info("{} sequential writes in {} s; write-to-ack latency percentiles (ms): {}", WRITES,
        String.format("%.1f", seconds), Arrays.toString(Arrays.stream(latency.takeSnapshot().percentileValues())
            .map(PublishLatencyBenchmark::millis).toArray()));
  }

  private static String millis(ValueAtPercentile value) {
    return "p" + (int) (value.percentile() * 100) + "=" + String.format("%.1f", value.value() / 1e6);
  }
}
