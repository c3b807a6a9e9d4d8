package dev.tickets.projector.projection;

import dev.tickets.events.VersionOutcome;
import dev.tickets.events.VersionRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One ticket's unsettled records, ordered by version (copies of one version together), and what the
 * projection knows of the ticket: the replica's version as last seen and what the ticket waits for.
 * Only the lowest version is ever written, so the ticket's versions apply strictly in order however
 * the records arrived.
 */
final class TicketQueue {

  /** What the ticket is doing. */
  enum Phase {
    /** Nothing in flight: the next record can be looked at. */
    IDLE,
    /** Its lowest version waits for a slot in the next write. */
    READY,
    /** A write, a look-up or a park of its lowest version is in flight. */
    BUSY,
    /** Waiting for a missing version or a backoff: a timer or an earlier version wakes it. */
    WAITING
  }

  private final String ticketId;
  private final TreeMap<Long, List<PendingRecord>> records = new TreeMap<>();
  private boolean looked;
  private Long stored;
  private Phase phase = Phase.IDLE;
  private long wait;
  private Sinks.Empty<Void> wakeEarly = Sinks.empty();
  private int retries;
  private int gapChecks;
  private boolean recheck;
  private boolean alone;

  TicketQueue(String ticketId) {
    this.ticketId = ticketId;
  }

  String ticketId() {
    return ticketId;
  }

  void add(PendingRecord record) {
    records.computeIfAbsent(record.version(), version -> new ArrayList<>()).add(record);
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** The first-arrived record of the lowest version. */
  PendingRecord head() {
    return records.firstEntry().getValue().get(0);
  }

  /** Removes and returns every record of the version (a version can arrive more than once). */
  List<PendingRecord> take(long version) {
    List<PendingRecord> taken = records.remove(version);
    return taken == null ? List.of() : taken;
  }

  /** Removes and returns the records of versions the replica already holds. */
  List<PendingRecord> takeDuplicates() {
    List<PendingRecord> duplicates = new ArrayList<>();
    if (stored != null) {
      Map<Long, List<PendingRecord>> held = records.headMap(stored, true);
      held.values().forEach(duplicates::addAll);
      held.clear();
    }
    return duplicates;
  }

  /**
   * Remembers the replica's version as the store last reported it ({@code null}: no replica). The
   * store is the truth: should it report less than before (a rebuilt collection), so be it.
   */
  void observed(Long version) {
    looked = true;
    stored = version;
  }

  Long stored() {
    return stored;
  }

  /**
   * Whether the lowest version is known to miss its predecessor, so that writing it is pointless.
   * After a wait, the store is asked again: another instance may have moved the replica on.
   */
  boolean headIsKnownGap() {
    return !recheck
        && looked
        && VersionRule.classify(stored, head().version()) == VersionOutcome.GAP;
  }

  /** Whether the replica is behind a parked version, so the gap cannot close by itself. */
  boolean behind(long parkedVersion) {
    return stored == null || stored < parkedVersion;
  }

  Phase phase() {
    return phase;
  }

  void phase(Phase phase) {
    this.phase = phase;
  }

  /** Starts a wait; only a wake-up carrying the returned token ends it. */
  long startWait() {
    endWait();
    phase = Phase.WAITING;
    wakeEarly = Sinks.empty();
    return ++wait;
  }

  /** Completes when the current wait ends before its timer. */
  Mono<Void> endedEarly() {
    return wakeEarly.asMono();
  }

  /** Ends the current wait, if any, so that its timer is dropped. */
  void endWait() {
    wakeEarly.tryEmitEmpty();
  }

  /** Whether the ticket still waits for the wake-up with this token. */
  boolean waitingFor(long token) {
    return phase == Phase.WAITING && wait == token;
  }

  /** Consecutive failed writes (lost races, outages): the next backoff step. */
  int failed() {
    alone = true;
    return retries++;
  }

  /** Waits for a missing version so far: the next backoff step. */
  int gapChecked() {
    return gapChecks++;
  }

  /** Marks the next write as a second look at a known gap. */
  void recheck() {
    recheck = true;
  }

  /** Whether the next write must go alone, after this ticket's write failed in a batch. */
  boolean alone() {
    return alone;
  }

  /** A write of this ticket came back: clears what only the next write needed. */
  void written(boolean applied) {
    recheck = false;
    alone = false;
    if (applied) {
      retries = 0;
      gapChecks = 0;
    }
  }
}
