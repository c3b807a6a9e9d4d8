package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.testkit.ReplicaReads;
import dev.tickets.testkit.TestInfrastructure;
import dev.tickets.testkit.TicketEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * 2,000 reads over HTTP wait for one version of one ticket: they hold no thread each (the JVM's
 * thread count stays where it was), and the one write that applies the version answers them all.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "order-projector.read.max-wait=60s")
@AutoConfigureWebTestClient
class ManyWaitingReadsIT {

  static final Topic TOPIC = new Topic("many-waiting-reads");
  private static final int READS = 2_000;
  private static final String ID = "65c000000000000000000001";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Autowired WebTestClient http;
  @Autowired ReplicaWaits waits;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    TOPIC.create(1);
    TestInfrastructure.orderProjector(registry, TOPIC.name, TOPIC.name);
  }

  @AfterAll
  static void closeKafka() {
    TOPIC.close();
  }

  @Test
  void twoThousandWaitingReadsHoldNoThreadAndOneWriteAnswersThemAll() throws Exception {
    TicketEvent created = TicketEvents.created(ID, "gala", new BigDecimal("40.00"), "alice");
    TOPIC.send(0, created);
    new ReplicaReads(http, Duration.ofSeconds(30)).awaitVersion(ID, 0);
    ConnectionProvider connections =
        ConnectionProvider.builder("many-waiting-reads")
            .maxConnections(READS)
            .pendingAcquireMaxCount(-1)
            .build();
    WebClient client =
        WebClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
            .build();
    // Warm the client's and server's event loops up before counting threads.
    client.get().uri("/api/tickets/{id}", ID).retrieve().toBodilessEntity().block(TIMEOUT);
    int threadsBefore = Thread.activeCount();

    Mono<List<Integer>> answers =
        Flux.range(0, READS)
            .flatMap(
                i ->
                    client
                        .get()
                        .uri("/api/tickets/{id}?minVersion=1", ID)
                        .exchangeToMono(answer -> Mono.just(answer.statusCode().value())),
                READS)
            .collectList()
            .cache();
    answers.subscribe();
    await().atMost(TIMEOUT).until(() -> waits.waiting() == READS);
    int threadsWhileWaiting = Thread.activeCount();
    TOPIC.send(0, TicketEvents.next(created, "gala", new BigDecimal("45.00")));

    assertThat(answers.block(TIMEOUT)).hasSize(READS).containsOnly(200);
    // Not a thread per read: at most the event loops of the client and the server and the
    // timer's threads, one per core each, may start while 2,000 reads wait.
    assertThat(threadsWhileWaiting)
        .isLessThan(threadsBefore + 3 * Runtime.getRuntime().availableProcessors() + 10);
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 0);
    connections.dispose();
  }
}
