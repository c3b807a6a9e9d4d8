package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A Kafka outage delays projection but loses nothing: the projector keeps its consumer (or
 * subscribes again), applies what arrives after the broker returns, and its replicas end equal to
 * the source. Uses a broker of its own, so that stopping it disturbs no other test.
 */
class KafkaOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void projectsEverythingOnceTheBrokerReturns() throws Exception {
    try (Topic topic = new Topic("outage", kafka.bootstrapServers()).create(3);
        RunningProjector projector =
            topic.start(
                Map.of("order-projector.kafka.bootstrap-servers", kafka.bootstrapServers()))) {
      topic.sendAll(RestartIT.versions(0, 3));
      await().atMost(WAIT).until(() -> projector.records("applied") == RestartIT.TICKETS * 3);

      assertThat(projector.consumerConnections()).isPositive();
      kafka.stop();
      // The consumer has noticed: its connections are gone, its periodic commits fail meanwhile.
      await().atMost(WAIT).until(() -> projector.consumerConnections() == 0);
      kafka.restart();

      topic.sendAll(RestartIT.versions(3, RestartIT.VERSIONS));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (int ticket = 0; ticket < RestartIT.TICKETS; ticket++) {
                  assertThat(projector.replica("t-" + ticket))
                      .isEqualTo(
                          TicketReplica.of(
                              TicketEvents.version("t-" + ticket, RestartIT.VERSIONS - 1)));
                }
              });
      assertThat(projector.records("parked")).isZero();
      await()
          .atMost(WAIT)
          .until(() -> topic.committedTotal() == RestartIT.TICKETS * RestartIT.VERSIONS);
    }
  }
}
