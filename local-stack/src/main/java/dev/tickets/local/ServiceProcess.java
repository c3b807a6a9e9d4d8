package dev.tickets.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One service as a child JVM, started from its executable jar and stopped gracefully (SIGTERM). */
public final class ServiceProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * As compose.yaml's stop_grace_period: web shutdown 20 s + outbox stop-timeout 10 s + producer
   * close 10 s, and margin.
   */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

  private static final long ORPHAN_KILL_AFTER_SECONDS = STOP_TIMEOUT.toSeconds();

  /** System property: the services' JVM options. */
  public static final String JVM_OPTIONS = "tickets.services.jvm-options";

  static final String FAST_START = "-XX:TieredStopAtLevel=1 -Xss512k";

  private final String name;
  private final int port;
  private final Process process;

  private ServiceProcess(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts {@code jar} with {@code environment} and returns once its readiness probe says UP. The
   * JVM options are {@value #FAST_START} (quick start, lower peak speed) unless the system property
   * {@value #JVM_OPTIONS} gives others (space-separated), as the benchmark does.
   */
  public static ServiceProcess start(
      String name, Path jar, int port, Map<String, String> environment, Path logFile) {
    List<String> command = new ArrayList<>(List.of(javaExecutable()));
    Arrays.stream(System.getProperty(JVM_OPTIONS, FAST_START).split("\\s+"))
        .filter(option -> !option.isEmpty())
        .forEach(command::add);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // The stack's own settings are not the service's: TICKET_API_PORT would bind ticket-api.port.
    Arrays.stream(StackOptions.Port.values())
        .forEach(stackPort -> builder.environment().remove(stackPort.variable()));
    builder.environment().remove(StackOptions.DATA_DIR_VARIABLE);
    builder.environment().putAll(environment);
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    try {
      ServiceProcess service = new ServiceProcess(name, port, builder.start());
      service.stopWhenOrphaned();
      service.awaitReady(logFile);
      return service;
    } catch (IOException ex) {
      throw new ServiceDidNotStart("could not start " + name + " from " + jar + ": " + ex, ex);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The CPU time the process has used so far, as the operating system reports it. */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private void awaitReady(Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new ServiceDidNotStart(
            name
                + " exited with status "
                + process.exitValue()
                + " while starting; see "
                + logFile);
      }
      if (isUp(http, probe)) {
        log.info("{} is ready at {}", name, baseUrl());
        return;
      }
      pause();
    }
    close();
    throw new ServiceDidNotStart(
        name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + logFile);
  }

  /**
   * A service must not outlive the stack, also when the stack is killed (SIGKILL) and no shutdown
   * hook runs: a small shell watches both processes and, once the stack is gone, stops the service
   * as {@link #close()} would (SIGTERM, and SIGKILL after the same grace).
   */
  private void stopWhenOrphaned() {
    String watch =
        "while kill -0 $0 2>/dev/null && kill -0 $1 2>/dev/null; do sleep 1; done;"
            + " kill -0 $1 2>/dev/null || exit 0;"
            + " kill -TERM $1; i=0;"
            + " while kill -0 $1 2>/dev/null && [ $i -lt "
            + ORPHAN_KILL_AFTER_SECONDS
            + " ]; do sleep 1; i=$((i+1)); done;"
            + " kill -KILL $1 2>/dev/null";
    try {
      new ProcessBuilder(
              "sh",
              "-c",
              watch,
              Long.toString(ProcessHandle.current().pid()),
              Long.toString(process.pid()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException ex) {
      log.warn("No sh to stop {} should this JVM be killed: {}", name, ex.toString());
    }
  }

  private static boolean isUp(HttpClient http, HttpRequest probe) {
    try {
      HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("UP");
    } catch (IOException ex) {
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for readiness", ex);
    }
  }

  private void pause() {
    try {
      process.waitFor(250, TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for readiness", ex);
    }
  }

  /**
   * Kills the process at once (SIGKILL), as a crash would: no shutdown hook runs. Waits until it is
   * gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the service to shut down gracefully and waits for it; kills it only past the timeout. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("{} did not stop within {}, killing it", name, STOP_TIMEOUT);
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
