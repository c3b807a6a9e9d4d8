package dev.tickets.local;

import dev.tickets.events.TicketTopics;
import dev.tickets.local.StackOptions.BadCommandLine;
import dev.tickets.local.StackOptions.Port;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./run-local send-event}: one record, its value exactly as given, on the running stack's
 * event topic, keyed by the value's {@code ticketId} as ticket-api keys its events (which set no
 * headers), so order-projector takes it for a published event. For trying out what the projector
 * does with an event out of order, a duplicate or an invalid record.
 */
final class SendEvent {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * What to send where.
   *
   * @param kafkaPort the stack's Kafka port on 127.0.0.1
   * @param key the record key
   * @param value the record value, as given
   */
  record Request(int kafkaPort, String key, String value) {

    /**
     * Parses {@code [--kafka-port=N] [--key=KEY] [JSON]}; without JSON, the value is {@code
     * stdin}'s content.
     */
    static Request parse(
        List<String> args, Map<String, String> environment, Supplier<String> stdin) {
      String port = null;
      String key = null;
      String value = null;
      for (String arg : args) {
        if (arg.startsWith(Port.KAFKA.option() + "=")) {
          port = arg.substring(Port.KAFKA.option().length() + 1);
        } else if (arg.startsWith(StackOptions.KEY + "=")) {
          key = arg.substring(StackOptions.KEY.length() + 1);
        } else if (arg.startsWith("-") || value != null) {
          throw StackOptions.unknown(arg);
        } else {
          value = arg;
        }
      }
      String sent = value == null ? stdin.get() : value;
      return new Request(
          Port.KAFKA.resolve(port, environment), key == null ? ticketIdOf(sent) : key, sent);
    }

    private static String ticketIdOf(String value) {
      try {
        JsonNode ticketId = JSON.readTree(value).get("ticketId");
        if (ticketId != null && ticketId.isString()) {
          return ticketId.asString();
        }
      } catch (JacksonException ex) {
        // said below
      }
      throw new BadCommandLine(
          "the value is not a JSON object with a ticketId to key the record by; give "
              + StackOptions.KEY
              + "=KEY");
    }
  }

  /** The record could not be sent; the message says why in one line. */
  static final class NotSent extends RuntimeException {

    NotSent(String message) {
      super(message);
    }
  }

  private SendEvent() {}

  /** Sends the record and says where it was written, or throws {@link NotSent}. */
  static String send(Request request) {
    String bootstrap = "127.0.0.1:" + request.kafkaPort();
    requireListening(request.kafkaPort());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
      RecordMetadata written =
          producer
              .send(new ProducerRecord<>(TicketTopics.EVENTS, request.key(), request.value()))
              .get();
      return "sent to %s partition %d offset %d (key %s)"
          .formatted(written.topic(), written.partition(), written.offset(), request.key());
    } catch (KafkaException ex) {
      throw new NotSent("cannot send to Kafka at " + bootstrap + ": " + ex.getMessage());
    } catch (ExecutionException ex) {
      throw new NotSent("Kafka at " + bootstrap + " did not take the record: " + ex.getCause());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new NotSent("interrupted while sending to " + bootstrap);
    }
  }

  private static void requireListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    } catch (IOException ex) {
      throw new NotSent(
          "nothing listens on 127.0.0.1:"
              + port
              + ": is the local stack running (./run-local)? Its Kafka port: "
              + Port.KAFKA.howToChange());
    }
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.CLIENT_ID_CONFIG,
        "run-local-send-event",
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        10_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        5_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        15_000);
  }
}
