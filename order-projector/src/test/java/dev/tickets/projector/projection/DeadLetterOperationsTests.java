package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class DeadLetterOperationsTests {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private final List<ParkedRecord> parked = new ArrayList<>();
  private final List<String> resent = new ArrayList<>();
  private final Map<String, Instant> marks = new ConcurrentHashMap<>();
  private final DeadLetterOperations operations =
      new DeadLetterOperations(
          new DeadLetterLog() {
            @Override
            public String topic() {
              return "events.DLT";
            }

            @Override
            public Flux<ParkedRecord> read() {
              return Flux.fromIterable(parked);
            }

            @Override
            public Flux<String> resend(List<ParkedRecord> records) {
              return Flux.fromIterable(records)
                  .map(
                      record -> {
                        resent.add(record.ticketId() + "@" + record.version());
                        return "0:" + resent.size();
                      });
            }
          },
          new ReplayMarks() {
            @Override
            public Mono<Map<String, Instant>> all() {
              return Mono.just(Map.copyOf(marks));
            }

            @Override
            public Mono<Void> mark(String record, Instant replayedAt) {
              return Mono.fromRunnable(() -> marks.put(record, replayedAt));
            }
          },
          Clock.fixed(T0, ZoneOffset.UTC));

  private static ParkedRecord record(
      String ticketId, Long version, String reason, int minutesAgo, int partition, long offset) {
    return new ParkedRecord(
        ticketId,
        version,
        reason,
        "detail",
        0,
        0,
        T0.minusSeconds(60L * minutesAgo),
        partition,
        offset,
        null);
  }

  @Test
  void listsOldestFirstAcrossPartitionsAndPages() {
    parked.add(record("a", 3L, "gap-timeout", 1, 0, 0));
    parked.add(record("b", 5L, "gap-timeout", 100, 2, 0));
    parked.add(record("c", 1L, "predecessor-parked", 50, 1, 7));

    assertThat(operations.list(null, null, 0, 2).block().records())
        .extracting(ParkedRecord::ticketId)
        .containsExactly("b", "c");
    assertThat(operations.list(null, null, 1, 2).block().records())
        .extracting(ParkedRecord::ticketId)
        .containsExactly("a");
    assertThat(operations.list(null, "predecessor-parked", 0, 10).block().total()).isEqualTo(1);
  }

  @Test
  void replaysEventsParkedForTheirOrderInVersionOrderOnceAndNeverInvalidOnes() {
    parked.add(record("t", 3L, "predecessor-parked", 1, 0, 1));
    parked.add(record("t", 2L, "gap-timeout", 2, 0, 0));
    parked.add(record(null, 0L, "invalid-event", 3, 1, 0));
    parked.add(record("wrong-key", 4L, "invalid-event", 3, 1, 1));

    assertThat(operations.replay(null).collectList().block())
        .extracting(DeadLetterOperations.Replayed::version)
        .containsExactly(2L, 3L);
    assertThat(resent).containsExactly("t@2", "t@3");
    assertThat(marks).containsOnlyKeys("events.DLT/0:0", "events.DLT/0:1");
    assertThat(operations.replay("t").collectList().block()).isEmpty();
    assertThat(operations.list("t", null, 0, 10).block().records())
        .allSatisfy(record -> assertThat(record.replayedAt()).isEqualTo(T0));
  }
}
