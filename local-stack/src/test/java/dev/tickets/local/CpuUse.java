package dev.tickets.local;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * CPU time each process of the pair used in a measured window: the benchmark's JVM (Kafka broker,
 * MongoDB wire server, load generator and probe), ticket-api and order-projector. On two saturated
 * cores this is where the PUT rate goes: a phase's PUT/s is at most the cores divided by its total
 * CPU per PUT, so the floor's total over a publishing phase's total bounds their ratio.
 *
 * @param benchmark CPU time of this JVM
 * @param ticketApi CPU time of ticket-api
 * @param projector CPU time of order-projector
 * @param seconds the window's length
 */
record CpuUse(Duration benchmark, Duration ticketApi, Duration projector, double seconds) {

  static final String HEADER = String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s %6s",
      "CPU ms per PUT in the window", "bench JVM", "ticket-api", "projector", "total", "cores");

  /** Samples the three processes at the window's start and end, on a thread of its own. */
  static CompletableFuture<CpuUse> during(MeasureWindow window, Supplier<Duration> ticketApi,
      Supplier<Duration> projector) {
    return CompletableFuture.supplyAsync(() -> {
      MeasureWindow.parkUntil(window.start());
      Duration[] start = {self(), ticketApi.get(), projector.get()};
      MeasureWindow.parkUntil(window.end());
      return new CpuUse(self().minus(start[0]), ticketApi.get().minus(start[1]),
          projector.get().minus(start[2]), window.seconds());
    });
  }

  Duration total() {
    return benchmark.plus(ticketApi).plus(projector);
  }

  String row(String name, double puts) {
    return String.format(Locale.ROOT, "%-34s %9.3f %9.3f %9.3f %9.3f %6.2f", name,
        perPut(benchmark, puts), perPut(ticketApi, puts), perPut(projector, puts), perPut(total(), puts),
        total().toNanos() / 1e9 / seconds);
  }

  private static double perPut(Duration cpu, double puts) {
    return puts == 0 ? Double.NaN : cpu.toNanos() / 1e6 / puts;
  }

  private static Duration self() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
