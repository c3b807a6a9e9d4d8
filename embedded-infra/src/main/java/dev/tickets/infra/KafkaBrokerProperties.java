package dev.tickets.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Configuration of the single-node KRaft broker: combined broker and controller, loopback only,
 * replication factors of one and small thread pools and buffers for a test JVM.
 */
final class KafkaBrokerProperties {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KafkaBrokerProperties() {}

  static Properties of(int port, int controllerPort, Path logDir) {
    return of(port, controllerPort, logDir, List.of());
  }

  /** The same, with {@code listeners} bound and advertised beside the PLAINTEXT one. */
  static Properties of(
      int port, int controllerPort, Path logDir, List<AdvertisedListener> listeners) {
    Properties props = new Properties();
    props.putAll(identity(port, controllerPort, logDir));
    props.putAll(advertised(port, controllerPort, listeners));
    props.putAll(singleNodeDefaults());
    props.putAll(lightweight());
    return props;
  }

  private static Properties identity(int port, int controllerPort, Path logDir) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", String.valueOf(NODE_ID));
    props.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    return props;
  }

  private static Properties advertised(
      int port, int controllerPort, List<AdvertisedListener> listeners) {
    StringBuilder bound = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
    StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    for (AdvertisedListener listener : listeners) {
      bound.append(',').append(listener.name()).append("://127.0.0.1:").append(listener.port());
      advertised
          .append(',')
          .append(listener.name())
          .append("://127.0.0.1:")
          .append(listener.advertisedPort());
      protocols.append(',').append(listener.name()).append(":PLAINTEXT");
    }
    bound.append(',').append(CONTROLLER_LISTENER).append("://127.0.0.1:").append(controllerPort);
    Properties props = new Properties();
    props.setProperty("listeners", bound.toString());
    props.setProperty("advertised.listeners", advertised.toString());
    props.setProperty("listener.security.protocol.map", protocols.toString());
    return props;
  }

  private static Properties singleNodeDefaults() {
    Properties props = new Properties();
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "5");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("transaction.state.log.num.partitions", "5");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("num.partitions", "1");
    props.setProperty("default.replication.factor", "1");
    props.setProperty("min.insync.replicas", "1");
    props.setProperty("auto.create.topics.enable", "true");
    return props;
  }

  private static Properties lightweight() {
    Properties props = new Properties();
    props.setProperty("num.network.threads", "2");
    props.setProperty("num.io.threads", "2");
    props.setProperty("background.threads", "2");
    props.setProperty("num.recovery.threads.per.data.dir", "1");
    props.setProperty("log.cleaner.threads", "1");
    props.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    props.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    props.setProperty("log.index.size.max.bytes", String.valueOf(1024 * 1024));
    return props;
  }
}
