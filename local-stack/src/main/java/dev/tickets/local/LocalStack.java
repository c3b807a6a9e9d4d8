package dev.tickets.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole pair locally ({@code ./run-local [--fresh]}). Ctrl-C stops it cleanly: the
 * services shut down gracefully first (the projector commits what it acknowledged), then Kafka and
 * MongoDB.
 */
public final class LocalStack {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private LocalStack() {}

  public static void main(String[] args) throws InterruptedException {
    Instant started = Instant.now();
    StackOptions options = StackOptions.parse(args, Path.of(System.getProperty("user.dir")));
    Stack stack = Stack.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping the local stack");
                  stack.close();
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    writeTokens(stack);
    log.info(
        """

        Local stack ready in {} s (data in {}{}):
          ticket-api       {}   (OpenAPI UI: {}/swagger-ui.html)
          order-projector  {}
          Kafka (KRaft)    {}   MongoDB wire server (mongo-java-server, H2 file) {}
        Development tokens (HS256, valid 30 days): export TOKEN=$(cat {}/alice.token)   (and bob.token)
        Operator (dead letters): curl -u operator:$(cat {}/operator.password) {}/actuator/deadletters
        Logs: {}/logs/. Press Ctrl-C to stop.
        """,
        Duration.between(started, Instant.now()).toMillis() / 1000.0,
        options.dataDir(),
        options.fresh() ? ", started fresh" : "",
        stack.ticketApiUrl(),
        stack.ticketApiUrl(),
        stack.projectorUrl(),
        stack.kafkaBootstrapServers(),
        stack.mongoUri(),
        options.dataDir(),
        options.dataDir(),
        stack.projectorUrl(),
        options.dataDir());
    stopped.await();
  }

  private static void writeTokens(Stack stack) {
    for (String user : new String[] {"alice", "bob"}) {
      write(
          stack.dataDir().resolve(user + ".token"), DevTokens.tokenFor(user, Duration.ofDays(30)));
    }
    write(stack.dataDir().resolve("operator.password"), DevTokens.OPERATOR_PASSWORD);
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot write " + file, ex);
    }
  }
}
