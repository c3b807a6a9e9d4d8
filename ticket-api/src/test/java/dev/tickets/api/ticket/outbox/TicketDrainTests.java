package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TicketDrainTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private final FakePendingEvents pending = new FakePendingEvents();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final TicketDrain drain = new TicketDrain(pending, publisher, new OutboxMetrics(registry, clock), clock);

  @Test
  void publishesPendingEventsInVersionOrderAndForgetsThemAfterAcknowledgement() {
    pending.add("t1", 2, 0, 1);

    drain.drain("t1").as(StepVerifier::create).expectComplete().verify(TIMEOUT);

    assertThat(publisher.sent).containsExactly("t1@0", "t1@1", "t1@2");
    assertThat(pending.versionsOf("t1")).isEmpty();
    assertThat(registry.get("outbox.publish.latency").timer().count()).isEqualTo(3);
  }

  @Test
  void stopsAtTheFirstFailureAndKeepsItAndEveryLaterVersionPending() {
    pending.add("t1", 0, 1, 2);
    publisher.failOn.add("t1@1");

    drain.drain("t1").as(StepVerifier::create).expectComplete().verify(TIMEOUT);

    assertThat(publisher.sent).containsExactly("t1@0", "t1@1");
    assertThat(pending.versionsOf("t1")).containsExactly(1L, 2L);
    assertThat(registry.get("outbox.publish.failures").counter().count()).isEqualTo(1);
  }

  @Test
  void sendsTheFailedVersionFirstOnTheNextDrain() {
    pending.add("t1", 0, 1);
    publisher.failOn.add("t1@0");
    drain.drain("t1").as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    publisher.failOn.clear();

    drain.drain("t1").as(StepVerifier::create).expectComplete().verify(TIMEOUT);

    assertThat(publisher.sent).containsExactly("t1@0", "t1@0", "t1@1");
    assertThat(pending.versionsOf("t1")).isEmpty();
  }

  @Test
  void leavesEverythingPendingAndCompletesWhenForgettingFails() {
    pending.add("t1", 0);
    pending.failMarking = true;

    drain.drain("t1").as(StepVerifier::create).expectComplete().verify(TIMEOUT);

    assertThat(publisher.sent).containsExactly("t1@0");
    assertThat(pending.versionsOf("t1")).containsExactly(0L);
  }

  @Test
  void completesWithoutPublishingWhenNothingIsPending() {
    drain.drain("unknown").as(StepVerifier::create).expectComplete().verify(TIMEOUT);

    assertThat(publisher.sent).isEmpty();
  }

  static final class RecordingPublisher implements EventPublisher {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final Set<String> failOn = ConcurrentHashMap.newKeySet();

    @Override
    public Mono<Void> publish(PendingPublication publication) {
      return Mono.defer(() -> {
        String name = publication.ticketId() + "@" + publication.version();
        sent.add(name);
        return failOn.contains(name) ? Mono.error(new IllegalStateException("broker said no")) : Mono.empty();
      });
    }
  }

  static final class FakePendingEvents implements PendingEvents {

    private final ConcurrentHashMap<String, List<Long>> versions = new ConcurrentHashMap<>();
    volatile boolean failMarking;

    void add(String ticketId, long... added) {
      List<Long> list = versions.computeIfAbsent(ticketId, id -> Collections.synchronizedList(new ArrayList<>()));
      for (long version : added) {
        list.add(version);
      }
    }

    List<Long> versionsOf(String ticketId) {
      return List.copyOf(versions.getOrDefault(ticketId, List.of()));
    }

    @Override
    public Flux<PendingPublication> of(String ticketId) {
      return Flux.defer(() -> Flux.fromIterable(versionsOf(ticketId)))
          .sort()
          .map(version -> new PendingPublication(ticketId, version, "{}", NOW.minusSeconds(1)));
    }

    @Override
    public Mono<Void> markPublished(String ticketId, long version) {
      if (failMarking) {
        return Mono.error(new IllegalStateException("database away"));
      }
      return Mono.fromRunnable(() -> versions.get(ticketId).removeIf(pendingVersion -> pendingVersion <= version));
    }

    @Override
    public Flux<String> ticketsWaitingSince(Instant recordedBefore, int limit) {
      return Flux.fromIterable(versions.keySet());
    }

    @Override
    public Mono<Backlog> backlog() {
      return Mono.just(new Backlog(0, null));
    }
  }
}
