package dev.tickets.infra;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, once: a directory
 * that already holds {@code meta.properties} is reused as it is, with its cluster id and data.
 */
final class KafkaStorage {

  private static final Logger log = LoggerFactory.getLogger(KafkaStorage.class);

  private KafkaStorage() {}

  static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties"));
  }

  /** Formats {@code logDir} unless already formatted; returns whether it formatted. */
  static boolean formatIfNeeded(KafkaConfig config, Path logDir) {
    if (isFormatted(logDir)) {
      log.debug("Reusing formatted Kafka log dir {}", logDir);
      return false;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      formatter(config, logDir, printStream).run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka log dir " + logDir, e);
    }
    log.debug(
        "Formatted Kafka log dir {}: {}", logDir, output.toString(StandardCharsets.UTF_8).trim());
    return true;
  }

  private static Formatter formatter(KafkaConfig config, Path logDir, PrintStream printStream) {
    return new Formatter()
        .setPrintStream(printStream)
        .setNodeId(config.nodeId())
        .setClusterId(Uuid.randomUuid().toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .addDirectory(logDir.toAbsolutePath().toString());
  }
}
