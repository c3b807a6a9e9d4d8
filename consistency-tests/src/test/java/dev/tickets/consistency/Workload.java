package dev.tickets.consistency;

import dev.tickets.consistency.WriteClient.Attempt;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Concurrent conditional writers over hot tickets (every client writes them, so most writes race)
 * and cold ones, spread over every ticket-api instance. Each client writes with the version it last
 * heard of; a 412 tells it the current one. Every attempt and its answer goes into the history.
 */
final class Workload {

  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

  private final Supplier<List<String>> ticketApis;
  private final List<String> hot;
  private final List<String> cold;
  private final Queue<Attempt> history = new ConcurrentLinkedQueue<>();
  private final Queue<Timed> timings = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> known = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
  private final ExecutorService clients;
  private volatile boolean running = true;

  private Workload(
      Supplier<List<String>> ticketApis, List<Attempt> creations, int hotCount, int clients) {
    this.ticketApis = ticketApis;
    this.history.addAll(creations);
    List<String> ids = creations.stream().map(Attempt::ticketId).toList();
    ids.forEach(id -> known.put(id, 0L));
    this.hot = ids.subList(0, hotCount);
    this.cold = ids.subList(hotCount, ids.size());
    this.clients = Executors.newFixedThreadPool(clients);
  }

  /**
   * Creates {@code hot + cold} tickets through ticket-api (recorded as the history's first writes),
   * then starts {@code clients} writers.
   */
  static Workload start(Supplier<List<String>> ticketApis, int hot, int cold, int clients) {
    WriteClient creator = new WriteClient(-1);
    List<Attempt> creations = new ArrayList<>();
    for (int i = 0; i < hot + cold; i++) {
      List<String> urls = ticketApis.get();
      Attempt created = creator.create(urls.get(i % urls.size()), "created-" + i, price());
      if (created.answer() != Answer.ACKNOWLEDGED) {
        throw new IllegalStateException(
            "Could not create a ticket before the scenario: " + created);
      }
      creations.add(created);
    }
    Workload workload = new Workload(ticketApis, creations, hot, clients);
    for (int client = 0; client < clients; client++) {
      int id = client;
      workload.clients.execute(() -> workload.write(id));
    }
    return workload;
  }

  List<String> tickets() {
    List<String> all = new ArrayList<>(hot);
    all.addAll(cold);
    return all;
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** When each update so far ended and how long it took, in the order they ended. */
  List<Timed> timings() {
    return List.copyOf(timings);
  }

  /** Waits until {@code count} updates were acknowledged in all, or {@code limit} passed. */
  boolean awaitAcknowledged(long count, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (acknowledged.get() < count && System.nanoTime() < deadline && crashes.isEmpty()) {
      Thread.sleep(100);
    }
    return acknowledged.get() >= count;
  }

  /** Stops the writers (each finishes the request it is in) and returns the history. */
  List<Attempt> finish() throws InterruptedException {
    running = false;
    clients.shutdown();
    if (!clients.awaitTermination(3, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Writers did not stop");
    }
    if (!crashes.isEmpty()) {
      IllegalStateException failure = new IllegalStateException(crashes.size() + " writer(s) died");
      crashes.forEach(failure::addSuppressed);
      throw failure;
    }
    return List.copyOf(history);
  }

  /**
   * One writer's loop; a writer that dies is reported by {@link #finish()}, never lost silently.
   */
  private void write(int client) {
    try {
      writeUntilStopped(client);
    } catch (RuntimeException | Error ex) {
      crashes.add(ex);
      throw ex;
    }
  }

  private void writeUntilStopped(int client) {
    WriteClient http = new WriteClient(client);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long sequence = 0; running; sequence++) {
      String id =
          random.nextBoolean()
              ? hot.get(random.nextInt(hot.size()))
              : cold.get(random.nextInt(cold.size()));
      List<String> urls = ticketApis.get();
      String ticketApi = urls.get((int) ((client + sequence) % urls.size()));
      long started = System.nanoTime();
      Attempt attempt =
          http.update(ticketApi, id, known.get(id), "c" + client + "-" + sequence, price());
      long ended = System.nanoTime();
      history.add(attempt);
      timings.add(new Timed(ticketApi, ended, ended - started, attempt.answer(), attempt.status()));
      switch (attempt.answer()) {
        case ACKNOWLEDGED -> {
          known.merge(id, attempt.version(), Math::max);
          acknowledged.incrementAndGet();
        }
        case STALE -> known.merge(id, attempt.version(), Math::max);
        default -> pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static BigDecimal price() {
    return BigDecimal.valueOf(ThreadLocalRandom.current().nextLong(0, 100_000), 2);
  }

  /**
   * One update's timing.
   *
   * @param ticketApi the instance it was sent to
   * @param endedNanos when its answer (or its failure) came, in {@link System#nanoTime()}
   * @param tookNanos how long it took
   * @param answer what it was told
   * @param status the HTTP status, 0 when no answer came
   */
  record Timed(String ticketApi, long endedNanos, long tookNanos, Answer answer, int status) {

    Duration took() {
      return Duration.ofNanos(tookNanos);
    }

    /** Whether it was sent at {@code from} or later and answered before {@code to}. */
    boolean sentWithin(long from, long to) {
      return endedNanos - tookNanos >= from && endedNanos < to;
    }
  }
}
