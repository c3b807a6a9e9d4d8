package dev.tickets.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./run-local}: runs the whole pair locally until stopped, or sends one record to it ({@code
 * send-event}); the command line is {@link StackOptions#usage()}. SIGINT (Ctrl-C) and SIGTERM stop
 * it cleanly: the services shut down gracefully first (the projector commits what it acknowledged),
 * then Kafka and MongoDB. A failure is one line on stderr and a non-zero exit.
 */
public final class LocalStack {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  /** Exit status for a command line that cannot be run. */
  static final int BAD_COMMAND_LINE = 2;

  /** Exit status for a stack or record that could not be started or sent. */
  static final int FAILED = 1;

  private static final Duration CHILD_STOP_TIMEOUT = Duration.ofSeconds(45);

  private LocalStack() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = List.of(args);
    Map<String, String> environment = System.getenv();
    try {
      if (StackOptions.asksForHelp(arguments)) {
        System.out.print(StackOptions.usage());
      } else if (!arguments.isEmpty() && arguments.get(0).equals(StackOptions.SEND_EVENT)) {
        System.out.println(
            SendEvent.send(
                SendEvent.Request.parse(
                    arguments.subList(1, arguments.size()), environment, LocalStack::standardIn)));
      } else {
        run(StackOptions.parse(arguments, environment, Path.of(System.getProperty("user.dir"))));
      }
    } catch (StackOptions.BadCommandLine ex) {
      exit(BAD_COMMAND_LINE, ex.getMessage());
    } catch (PortInUse | ServiceDidNotStart | SendEvent.NotSent ex) {
      exit(FAILED, ex.getMessage());
    }
  }

  private static void run(StackOptions options) throws InterruptedException {
    Instant started = Instant.now();
    AtomicReference<Stack> running = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread stopper =
        new Thread(
            () -> {
              stopping.set(true);
              log.info("Stopping the local stack");
              stopStartedServices(running.get());
              stopped.countDown();
            },
            "local-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    Stack stack;
    try {
      stack = Stack.start(options);
    } catch (RuntimeException ex) {
      if (stopping.get()) {
        return; // stopped while starting: the shutdown hook stops what was started
      }
      if (!withdraw(stopper)) {
        return; // a signal came meanwhile
      }
      throw unexpected(ex, options);
    }
    running.set(stack);
    writeTokens(stack);
    printBanner(options, stack, started);
    stopped.await();
  }

  /** Removes the shutdown hook (Stack.start stopped what it started); false once shutting down. */
  private static boolean withdraw(Thread stopper) {
    try {
      return Runtime.getRuntime().removeShutdownHook(stopper);
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  /**
   * Stops the stack, or, when a signal came before it was up, the service JVMs started so far: a
   * service must not outlive the stack.
   */
  private static void stopStartedServices(Stack stack) {
    if (stack != null) {
      stack.close();
      return;
    }
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    children.forEach(ProcessHandle::destroy);
    children.forEach(
        child -> {
          try {
            child.onExit().get(CHILD_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException | ExecutionException | TimeoutException ex) {
            child.destroyForcibly();
          }
        });
  }

  /**
   * A failure without a one-line explanation of its own: its stack trace goes to a file, the line
   * says where.
   */
  private static RuntimeException unexpected(RuntimeException ex, StackOptions options) {
    if (ex instanceof PortInUse
        || ex instanceof ServiceDidNotStart
        || ex instanceof StackOptions.BadCommandLine) {
      return ex;
    }
    Path trace =
        options.dataDir().toAbsolutePath().resolve("logs").resolve("local-stack-error.log");
    try {
      Files.createDirectories(trace.getParent());
      StringWriter text = new StringWriter();
      ex.printStackTrace(new PrintWriter(text));
      Files.writeString(trace, text.toString());
    } catch (IOException notWritten) {
      trace = null;
    }
    return new ServiceDidNotStart(
        "the stack did not start: "
            + ex.getMessage()
            + (trace == null ? "" : " (stack trace in " + trace + ")"),
        ex);
  }

  private static void exit(int status, String message) {
    System.err.println("run-local: " + message);
    System.exit(status);
  }

  private static String standardIn() {
    try {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException ex) {
      throw new SendEvent.NotSent("cannot read the value from standard input: " + ex.getMessage());
    }
  }

  private static void printBanner(StackOptions options, Stack stack, Instant started) {
    Path data = options.dataDir();
    log.info(
        """

        Local stack ready in {} s (data in {}{}):
          ticket-api       {}   (OpenAPI UI: {}/swagger-ui.html)
          order-projector  {}
          Kafka (KRaft)    {}   MongoDB wire server (mongo-java-server, H2 file) {}
        Development tokens (HS256, valid 30 days): export TOKEN=$(cat {}/alice.token)   (and bob.token)
        Operator, both services (user operator, password in {}/operator.password):
          curl -u operator:$(cat {}/operator.password) {}/actuator/deadletters
          curl -u operator:$(cat {}/operator.password) {}/actuator/metrics
        Logs: {}/logs/. Press Ctrl-C (or kill -INT/-TERM {}) to stop.
        """,
        Duration.between(started, Instant.now()).toMillis() / 1000.0,
        data,
        options.fresh() ? ", started fresh" : "",
        stack.ticketApiUrl(),
        stack.ticketApiUrl(),
        stack.projectorUrl(),
        stack.kafkaBootstrapServers(),
        stack.mongoUri(),
        data,
        data,
        data,
        stack.projectorUrl(),
        data,
        stack.ticketApiUrl(),
        data,
        ProcessHandle.current().pid());
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
