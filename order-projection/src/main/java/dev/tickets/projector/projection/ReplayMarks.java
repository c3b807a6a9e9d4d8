package dev.tickets.projector.projection;

import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Which dead-letter records were replayed, and when, by their topic and position. */
public interface ReplayMarks {

  Mono<Map<String, Instant>> all();

  Mono<Void> mark(String record, Instant replayedAt);
}
