package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketTopics;
import dev.tickets.infra.Directories;
import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.infra.EmbeddedMongo;
import dev.tickets.infra.FreePorts;
import dev.tickets.local.HttpLoad.Operation;
import dev.tickets.local.HttpLoad.Outcome;
import dev.tickets.local.LoadGenerator.KnownVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not part of {@code verify} (no {@code IT} suffix): what each operation costs ticket-api itself.
 * Two ticket-api child JVMs from its jar, side by side on one in-process Kafka broker and one
 * MongoDB wire server (memory backend, one database each): {@code publishing} sends every write's
 * event to Kafka, {@code relay-off} ({@code TICKET_API_OUTBOX_RELAY_ENABLED=false}) records it
 * without sending, which is the request path alone. Each is warmed up on every operation (the JIT
 * takes a minute or more of load to settle), then rounds alternate the two so that drift on a
 * shared machine hits both alike. Per operation it prints requests per second, p99 and the CPU time
 * ticket-api's process used per request (from the operating system, so the broker, the wire server
 * and the load generator in this JVM do not count), with the medians over rounds and the ratio of
 * the two. Figures go to {@code target/ticket-api-benchmark.txt}: {@code ./mvnw -pl local-stack -am
 * verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false
 * -Dit.test=TicketApiBenchmark}
 *
 * <p>Settings: {@code -Dbench.connections=64}, {@code -Dbench.tickets=5000}, {@code
 * -Dbench.warmup=30} (seconds per operation and instance), {@code -Dbench.seconds=10} (measured per
 * operation, instance and round), {@code -Dbench.rounds=3}, {@code
 * -Dtickets.services.jvm-options="-Xmx768m"}.
 */
class TicketApiBenchmark {

  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
  private static final int TICKETS = Integer.getInteger("bench.tickets", 5_000);
  private static final Duration WARM_UP =
      Duration.ofSeconds(Integer.getInteger("bench.warmup", 30));
  private static final Duration MEASURED =
      Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final String JVM_OPTIONS = "-Xmx768m";

  private final String token = DevTokens.tokenFor("alice", Duration.ofHours(12));
  private final List<String> lines = new ArrayList<>();

  @Test
  void measuresEachOperationWithAndWithoutPublishing() throws Exception {
    boolean defaultOptions = System.getProperty(ServiceProcess.JVM_OPTIONS) == null;
    if (defaultOptions) {
      System.setProperty(ServiceProcess.JVM_OPTIONS, JVM_OPTIONS);
    }
    try {
      measure();
    } finally {
      if (defaultOptions) {
        System.clearProperty(ServiceProcess.JVM_OPTIONS);
      }
    }
  }

  private void measure() throws Exception {
    Path data = Files.createTempDirectory("ticket-api-bench-");
    Map<String, List<Figures>> figures = new LinkedHashMap<>();
    try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), 0)) {
      kafka.createTopic(TicketTopics.EVENTS, 6);
      report(
          String.format(
              Locale.ROOT,
              "settings: %d connections, %d tickets per instance, %d s warm-up per operation and "
                  + "instance, %d rounds of %d s; ticket-api JVM options: %s; %d cores, Java %s; "
                  + "logs in %s",
              CONNECTIONS,
              TICKETS,
              WARM_UP.toSeconds(),
              ROUNDS,
              MEASURED.toSeconds(),
              System.getProperty(ServiceProcess.JVM_OPTIONS),
              Runtime.getRuntime().availableProcessors(),
              System.getProperty("java.version"),
              data));
      try (Instance publishing = Instance.start("publishing", true, mongo, kafka, data, token);
          Instance relayOff = Instance.start("relay-off", false, mongo, kafka, data, token)) {
        List<Instance> instances = List.of(publishing, relayOff);
        for (Operation operation : Operation.values()) {
          for (Instance instance : instances) {
            instance.run(operation, WARM_UP);
          }
        }
        for (int round = 1; round <= ROUNDS; round++) {
          for (Operation operation : Operation.values()) {
            for (Instance instance : instances) {
              Figures measured = instance.run(operation, MEASURED);
              figures
                  .computeIfAbsent(key(operation, instance), k -> new ArrayList<>())
                  .add(measured);
              report(
                  String.format(
                      Locale.ROOT,
                      "round %d %-9s %-10s %s",
                      round,
                      operation,
                      instance.name,
                      measured));
            }
          }
        }
      }
    }
    report("");
    report("medians over rounds:");
    for (Operation operation : Operation.values()) {
      Figures publishing = Figures.median(figures.get(key(operation, "publishing")));
      Figures relayOff = Figures.median(figures.get(key(operation, "relay-off")));
      report(
          String.format(
              Locale.ROOT,
              "%-9s publishing: %s | relay-off: %s | publishing / relay-off: %.2fx rps, %.2fx CPU per request",
              operation,
              publishing,
              relayOff,
              publishing.perSecond / relayOff.perSecond,
              publishing.cpuMillisPerRequest / relayOff.cpuMillisPerRequest));
    }
    Directories.writeToTarget("ticket-api-benchmark.txt", String.join("\n", lines) + "\n");
    // Figures only count when nearly every request got a 2xx (or, for a PUT, a 412).
    figures.forEach(
        (run, rounds) ->
            assertThat(rounds)
                .as("%s: answered, and hardly anything but 2xx or 412", run)
                .allSatisfy(
                    measured -> {
                      assertThat(measured.answers()).isPositive();
                      assertThat(measured.refused()).isLessThanOrEqualTo(measured.answers() / 100);
                    }));
  }

  private static String key(Operation operation, Instance instance) {
    return key(operation, instance.name);
  }

  private static String key(Operation operation, String instance) {
    return operation + "/" + instance;
  }

  private void report(String line) {
    System.out.println(line);
    lines.add(line);
  }

  /**
   * One run's figures: HTTP answers per second, p99 in ms, ticket-api's CPU ms per answer, and what
   * was not a 2xx; {@code refused} counts answers other than 2xx and 412 and requests without one.
   */
  record Figures(
      double perSecond,
      double p99Millis,
      double cpuMillisPerRequest,
      long answers,
      long refused,
      String statuses) {

    static Figures median(List<Figures> rounds) {
      return new Figures(
          median(rounds.stream().mapToDouble(Figures::perSecond).toArray()),
          median(rounds.stream().mapToDouble(Figures::p99Millis).toArray()),
          median(rounds.stream().mapToDouble(Figures::cpuMillisPerRequest).toArray()),
          rounds.stream().mapToLong(Figures::answers).sum(),
          rounds.stream().mapToLong(Figures::refused).sum(),
          "");
    }

    private static double median(double[] values) {
      Arrays.sort(values);
      return values[values.length / 2];
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%,.0f rps, p99 %.1f ms, CPU %.3f ms/req%s",
          perSecond,
          p99Millis,
          cpuMillisPerRequest,
          statuses.isEmpty() ? "" : " " + statuses);
    }
  }

  /** One ticket-api under load: its process, its load generator, its tickets and their versions. */
  private static final class Instance implements AutoCloseable {

    final String name;
    private final ServiceProcess process;
    private final HttpLoad load;
    private final List<String> tickets;
    private final KnownVersions versions;

    private Instance(String name, ServiceProcess process, HttpLoad load, List<String> tickets) {
      this.name = name;
      this.process = process;
      this.load = load;
      this.tickets = tickets;
      this.versions = new KnownVersions(tickets.size());
    }

    static Instance start(
        String name,
        boolean publishing,
        EmbeddedMongo mongo,
        EmbeddedKafka kafka,
        Path data,
        String token) {
      Path services = Path.of(System.getProperty("tickets.services.dir", ".."));
      ServiceProcess process =
          ServiceProcess.start(
              "ticket-api " + name,
              ServiceJars.find(services, "ticket-api"),
              FreePorts.next(),
              Map.of(
                  "SPRING_MONGODB_URI",
                  mongo.connectionString("bench_" + name.replace('-', '_')),
                  "TICKET_API_KAFKA_BOOTSTRAP_SERVERS",
                  kafka.bootstrapServers(),
                  "TICKET_API_SECURITY_JWT_SECRET",
                  DevTokens.SECRET,
                  "TICKET_API_OUTBOX_RELAY_ENABLED",
                  Boolean.toString(publishing)),
              data.resolve("ticket-api-" + name + ".log"));
      HttpLoad load = new HttpLoad(process.baseUrl(), token, CONNECTIONS);
      return new Instance(name, process, load, load.createTickets(TICKETS));
    }

    Figures run(Operation operation, Duration duration) {
      Duration cpuBefore = process.cpuTime();
      long started = System.nanoTime();
      Outcome outcome = load.run(operation, tickets, versions, duration);
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuMillis = (process.cpuTime().minus(cpuBefore)).toNanos() / 1e6;
      Map<String, Long> notOk = new LinkedHashMap<>();
      long refused = 0;
      for (Map.Entry<Integer, Long> status : outcome.statuses().entrySet()) {
        if (status.getKey() < 200 || status.getKey() >= 300) {
          notOk.put(Integer.toString(status.getKey()), status.getValue());
          refused += status.getKey() == 412 ? 0 : status.getValue();
        }
      }
      for (Map.Entry<String, Long> failure : outcome.failures().entrySet()) {
        notOk.put(failure.getKey(), failure.getValue());
        refused += failure.getValue();
      }
      return new Figures(
          outcome.completed() / seconds,
          outcome.latencies().percentileMillis(0.99),
          cpuMillis / Math.max(1, outcome.completed()),
          outcome.completed(),
          refused,
          notOk.isEmpty() ? "" : "non-2xx " + notOk);
    }

    @Override
    public void close() {
      load.close();
      process.close();
    }
  }
}
