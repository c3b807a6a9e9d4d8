package dev.tickets.projector.projection;

import dev.tickets.events.ParkReason;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an operator does with parked records: list them (by ticket, by reason, paged, each with when
 * it was last replayed) and replay them to the ticket topic, where the projector applies them in
 * version order like any record. Replay sends, per ticket in version order, the events parked for
 * their order ({@code gap-timeout}, {@code predecessor-parked}) not replayed yet; a record whose
 * gap is still open is held and parked again after the gap timeout (a new dead-letter record,
 * listed as not replayed), and replaying again sends nothing twice. Invalid records are listed,
 * never replayed.
 */
public final class DeadLetterOperations {

  /** One replayed record: what it was and where it went. */
  public record Replayed(String ticketId, long version, String deadLetterPosition, String sentTo) {}

  /** A page of parked records. */
  public record Page(List<ParkedRecord> records, int page, int size, long total) {}

  private static final Comparator<ParkedRecord> OLDEST_FIRST =
      Comparator.comparing(ParkedRecord::parkedAt)
          .thenComparingInt(ParkedRecord::partition)
          .thenComparingLong(ParkedRecord::offset);
  private static final Set<String> REPLAYABLE_REASONS =
      Set.of(ParkReason.GAP_TIMEOUT.wireName(), ParkReason.PREDECESSOR_PARKED.wireName());

  private final DeadLetterLog log;
  private final ReplayMarks marks;
  private final Clock clock;

  public DeadLetterOperations(DeadLetterLog log, ReplayMarks marks, Clock clock) {
    this.log = log;
    this.marks = marks;
    this.clock = clock;
  }

  /**
   * Parked records, oldest first, optionally only a ticket's or a reason's.
   *
   * @param ticketId only this ticket's, or null for all
   * @param reason only this reason's (wire name), or null for all
   * @param page the page, from 0
   * @param size records per page, 1 to 500
   */
  public Mono<Page> list(String ticketId, String reason, int page, int size) {
    return records(ticketId)
        .filter(record -> reason == null || reason.equals(record.reason()))
        .collectSortedList(OLDEST_FIRST)
        .map(
            all ->
                new Page(
                    all.stream().skip((long) page * size).limit(size).toList(),
                    page,
                    size,
                    all.size()));
  }

  /** Replays a ticket's parked events (or every ticket's, when null) that were not replayed yet. */
  public Flux<Replayed> replay(String ticketId) {
    return records(ticketId)
        .filter(record -> record.replayedAt() == null && replayable(record))
        .collectSortedList(
            Comparator.comparing(ParkedRecord::ticketId).thenComparing(ParkedRecord::version))
        .flatMapMany(
            pending ->
                log.resend(pending)
                    .zipWithIterable(pending)
                    .concatMap(
                        sent ->
                            marks
                                .mark(markOf(sent.getT2()), clock.instant())
                                .thenReturn(
                                    new Replayed(
                                        sent.getT2().ticketId(),
                                        sent.getT2().version(),
                                        sent.getT2().position(),
                                        sent.getT1()))));
  }

  /**
   * An event parked because of its ticket's order (a gap, or a parked predecessor); an invalid
   * record would only be parked again (its producer needs fixing, not a replay).
   */
  private static boolean replayable(ParkedRecord record) {
    return record.ticketId() != null
        && record.version() != null
        && REPLAYABLE_REASONS.contains(record.reason());
  }

  private Flux<ParkedRecord> records(String ticketId) {
    return marks
        .all()
        .flatMapMany(
            replayed ->
                log.read()
                    .filter(record -> ticketId == null || ticketId.equals(record.ticketId()))
                    .map(
                        record ->
                            replayed.containsKey(markOf(record))
                                ? record.replayed(replayed.get(markOf(record)))
                                : record));
  }

  /** A replay mark names the topic too: a recreated or renamed topic reuses positions. */
  private String markOf(ParkedRecord record) {
    return log.topic() + "/" + record.position();
  }
}
