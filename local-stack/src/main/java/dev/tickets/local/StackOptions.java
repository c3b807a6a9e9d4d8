package dev.tickets.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How to run the local stack, and the one description of {@code ./run-local}'s command line: its
 * options, their environment variables and defaults ({@link Port}, {@link #usage()}). An option
 * wins over its environment variable, which wins over the default.
 *
 * <p>This file uses only the JDK, so {@code ./run-local --help} runs it from source ({@link #main})
 * before anything is built.
 *
 * @param dataDir where MongoDB's H2 file and Kafka's log dir live ({@code .local/} by default)
 * @param fresh delete {@code dataDir} first, so the stack starts empty
 * @param servicesDir the repository root, where the services' {@code target/*-exec.jar} are found
 * @param kafkaPort Kafka's client port (0: any free port)
 * @param mongoPort the MongoDB wire server's port (0: any free port)
 * @param ticketApiPort ticket-api's HTTP port (0: any free port)
 * @param projectorPort order-projector's HTTP port (0: any free port)
 */
public record StackOptions(
    Path dataDir,
    boolean fresh,
    Path servicesDir,
    int kafkaPort,
    int mongoPort,
    int ticketApiPort,
    int projectorPort) {

  public static final String HELP = "--help";
  public static final String FRESH = "--fresh";
  public static final String DATA_DIR = "--data-dir";
  public static final String DATA_DIR_VARIABLE = "LOCAL_DATA_DIR";
  public static final String DEFAULT_DATA_DIR = ".local";

  /** The subcommand that sends one record to the running stack (see {@code SendEvent}). */
  public static final String SEND_EVENT = "send-event";

  public static final String KEY = "--key";

  /** The stack's ports: who listens, the option and environment variable, and the default. */
  public enum Port {
    TICKET_API("ticket-api", "--api-port", "TICKET_API_PORT", 8080, "ticket-api's HTTP port"),
    PROJECTOR(
        "order-projector",
        "--projector-port",
        "ORDER_PROJECTOR_PORT",
        8081,
        "order-projector's HTTP port"),
    KAFKA("Kafka", "--kafka-port", "KAFKA_PORT", 9092, "Kafka's client port, on 127.0.0.1"),
    MONGO(
        "the MongoDB wire server",
        "--mongo-port",
        "MONGO_PORT",
        27017,
        "the MongoDB wire server's port, on 127.0.0.1");

    private final String component;
    private final String option;
    private final String variable;
    private final int defaultPort;
    private final String description;

    Port(String component, String option, String variable, int defaultPort, String description) {
      this.component = component;
      this.option = option;
      this.variable = variable;
      this.defaultPort = defaultPort;
      this.description = description;
    }

    public String component() {
      return component;
    }

    public String option() {
      return option;
    }

    public String variable() {
      return variable;
    }

    public int defaultPort() {
      return defaultPort;
    }

    /** This port's value in {@code options}. */
    public int of(StackOptions options) {
      return switch (this) {
        case TICKET_API -> options.ticketApiPort;
        case PROJECTOR -> options.projectorPort;
        case KAFKA -> options.kafkaPort;
        case MONGO -> options.mongoPort;
      };
    }

    /** The value of {@code --option=N}, else of the environment variable, else the default. */
    public int resolve(String optionValue, Map<String, String> environment) {
      if (optionValue != null) {
        return parsePort(option, optionValue);
      }
      String fromEnvironment = environment.get(variable);
      return fromEnvironment == null || fromEnvironment.isBlank()
          ? defaultPort
          : parsePort(variable, fromEnvironment.strip());
    }

    /** The option with its value, for a message: {@code --api-port=N or TICKET_API_PORT}. */
    public String howToChange() {
      return option + "=N or " + variable;
    }
  }

  /** A command line that cannot be run, said in one line. */
  public static final class BadCommandLine extends IllegalArgumentException {

    public BadCommandLine(String message) {
      super(message);
    }
  }

  /** Fixed, well-known ports: Kafka 9092, MongoDB 27017, ticket-api 8080, order-projector 8081. */
  public static StackOptions defaults(Path root) {
    return parse(List.of(), Map.of(), root);
  }

  /**
   * Parses {@code --fresh}, {@code --data-dir=PATH} and the {@link Port} options over {@code
   * environment}; anything else is a {@link BadCommandLine}. {@code root} is the repository root; a
   * relative data dir is taken as it is (the working directory).
   */
  public static StackOptions parse(List<String> args, Map<String, String> environment, Path root) {
    Map<Port, String> portOptions = new EnumMap<>(Port.class);
    String dataDir = null;
    boolean fresh = false;
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      Port port = portNamed(name);
      if (arg.equals(FRESH)) {
        fresh = true;
      } else if (name.equals(DATA_DIR) && value != null && !value.isBlank()) {
        dataDir = value;
      } else if (port != null && value != null) {
        portOptions.put(port, value);
      } else {
        throw unknown(arg);
      }
    }
    Map<Port, Integer> ports = new EnumMap<>(Port.class);
    for (Port port : Port.values()) {
      ports.put(port, port.resolve(portOptions.get(port), environment));
    }
    requireDistinct(ports);
    return new StackOptions(
        dataDir(dataDir, environment, root),
        fresh,
        root,
        ports.get(Port.KAFKA),
        ports.get(Port.MONGO),
        ports.get(Port.TICKET_API),
        ports.get(Port.PROJECTOR));
  }

  /** Whether {@code args} ask for the usage ({@code --help} or {@code -h}, anywhere). */
  public static boolean asksForHelp(List<String> args) {
    return args.contains(HELP) || args.contains("-h");
  }

  /** An unknown argument, named, with a pointer to {@code --help}. */
  public static BadCommandLine unknown(String arg) {
    return new BadCommandLine(
        "unknown option '" + arg + "'; see ./run-local --help for the options");
  }

  /** The port option called {@code name}, or null. */
  static Port portNamed(String name) {
    for (Port port : Port.values()) {
      if (port.option.equals(name)) {
        return port;
      }
    }
    return null;
  }

  static int parsePort(String source, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ex) {
      // said below
    }
    throw new BadCommandLine(
        source + " must be a port number from 1 to 65535, was '" + value + "'");
  }

  private static Path dataDir(String option, Map<String, String> environment, Path root) {
    if (option != null) {
      return Path.of(option);
    }
    String fromEnvironment = environment.get(DATA_DIR_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank()
        ? root.resolve(DEFAULT_DATA_DIR)
        : Path.of(fromEnvironment);
  }

  private static void requireDistinct(Map<Port, Integer> ports) {
    Map<Integer, List<Port>> byNumber =
        ports.keySet().stream().collect(Collectors.groupingBy(ports::get));
    byNumber.forEach(
        (number, sharing) -> {
          if (sharing.size() > 1) {
            throw new BadCommandLine(
                sharing.stream().map(Port::component).collect(Collectors.joining(" and "))
                    + " would both use port "
                    + number
                    + "; give one another port ("
                    + sharing.get(1).howToChange()
                    + ")");
          }
        });
  }

  /** The usage text of {@code ./run-local}, built from the option table. */
  public static String usage() {
    String options =
        Arrays.stream(Port.values())
                .map(
                    port ->
                        row(
                            port.option + "=N",
                            port.variable,
                            Integer.toString(port.defaultPort),
                            port.description))
                .collect(Collectors.joining())
            + row(
                DATA_DIR + "=PATH", DATA_DIR_VARIABLE, DEFAULT_DATA_DIR, "data, logs, credentials")
            + row(FRESH, "", "", "delete the data dir first: start empty")
            + row(HELP + ", -h", "", "", "show this text and exit");
    return """
        Usage: ./run-local [OPTION]...          start the local stack and run until stopped
               ./run-local %1$s [%2$s=N] [%3$s=KEY] [JSON]
                                                send one record to the running stack
               ./run-local --help | -h          show this text

        Runs ticket-api and order-projector as child JVMs of one JVM that also runs a Kafka
        broker (KRaft) and a MongoDB wire server (mongo-java-server, H2 file). The script builds
        the jars first (./mvnw package, output in a log file shown if it fails).

        Options (an option wins over its environment variable, which wins over the default):
          OPTION              ENVIRONMENT           DEFAULT
        %4$s\

        When both services are ready it prints their URLs, Kafka's and MongoDB's addresses, and
        how to use the development credentials it writes to the data dir:
          DIR/alice.token, DIR/bob.token  bearer tokens for ticket-api (HS256, valid 30 days)
          DIR/operator.password           the password of user 'operator' on both services
                                          (/actuator/metrics, health details, deadletters)
        Data: DIR/mongo.mv (MongoDB), DIR/kafka/ (Kafka's log dir); kept across restarts. A
        relative DIR is taken from the repository root, where ./run-local runs.
        Logs: DIR/logs/ticket-api.log and DIR/logs/order-projector.log; the stack's own log goes
        to the terminal.

        Stop with Ctrl-C, or kill -INT / kill -TERM its process: the services stop gracefully
        first (order-projector commits what it acknowledged), then Kafka, then MongoDB.

        %1$s sends JSON (or standard input, without JSON) as it is, valid event or not, as the
        value of one record to the running stack's ticket event topic on 127.0.0.1 at
        %2$s (%5$s, default %6$d), keyed by the JSON's ticketId as ticket-api keys its
        events (or by %3$s=KEY). It prints the partition and offset.

        Exit status: 130 or 143 when stopped by SIGINT or SIGTERM, 0 when sent, 1 when the stack or a service could not start or the
        record could not be sent (one line on stderr says why), 2 for a bad command line.
        """
        .formatted(
            SEND_EVENT,
            Port.KAFKA.option,
            KEY,
            options,
            Port.KAFKA.variable,
            Port.KAFKA.defaultPort);
  }

  private static String row(String option, String variable, String defaultValue, String text) {
    return "  %-19s %-21s %-6s %s%n".formatted(option, variable, defaultValue, text);
  }

  /** Prints the usage: {@code ./run-local --help} runs this file from source, needing no build. */
  public static void main(String[] args) {
    System.out.print(usage());
  }
}
