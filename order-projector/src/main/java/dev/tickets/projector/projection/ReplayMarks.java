package dev.tickets.projector.projection;

import java.time.Instant;
import java.util.Map;

import reactor.core.publisher.Mono;

/** Which dead-letter records were replayed, and when, by their dead-letter position. */
public interface ReplayMarks {

  Mono<Map<String, Instant>> all();

  Mono<Void> mark(String position, Instant replayedAt);
}
