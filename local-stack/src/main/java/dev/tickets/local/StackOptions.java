package dev.tickets.local;

import java.nio.file.Path;

/**
 * How to run the local stack.
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

  /** Fixed, well-known ports: Kafka 9092, MongoDB 27017, ticket-api 8080, order-projector 8081. */
  public static StackOptions defaults(Path root) {
    return new StackOptions(root.resolve(".local"), false, root, 9092, 27017, 8080, 8081);
  }

  /** Parses {@code --fresh} and {@code --data-dir=PATH}; anything else is an error. */
  public static StackOptions parse(String[] args, Path root) {
    StackOptions options = defaults(root);
    for (String arg : args) {
      if (arg.equals("--fresh")) {
        options =
            new StackOptions(
                options.dataDir,
                true,
                root,
                options.kafkaPort,
                options.mongoPort,
                options.ticketApiPort,
                options.projectorPort);
      } else if (arg.startsWith("--data-dir=")) {
        options =
            new StackOptions(
                Path.of(arg.substring("--data-dir=".length())),
                options.fresh,
                root,
                options.kafkaPort,
                options.mongoPort,
                options.ticketApiPort,
                options.projectorPort);
      } else {
        throw new IllegalArgumentException(
            "Unknown option '" + arg + "'. Options: --fresh, --data-dir=PATH");
      }
    }
    return options;
  }
}
