package dev.tickets.api.ticket.kafka;

import dev.tickets.api.ticket.outbox.EventPublisher;
import dev.tickets.api.ticket.outbox.OutboxProperties;
import dev.tickets.api.ticket.outbox.PendingPublication;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * Publishes ticket events with reactor-kafka: key = ticket id, value = the shared-model JSON,
 * idempotent producer with {@code acks=all}, one long-lived send stream with at most {@code
 * ticket-api.outbox.max-in-flight} records unacknowledged. A failed record is answered as such and
 * the stream goes on ({@code stopOnError(false)}).
 */
@Component
class KafkaEventPublisher implements EventPublisher, DisposableBean {

  private final SenderOptions<String, String> options;
  private final String topic;

  /**
   * {@code KafkaProducer.send} blocks while it waits for metadata (broker away): never on a
   * caller's thread.
   */
  private final Scheduler sending = Schedulers.newSingle("outbox-send", true);

  /** Answers are handled off the producer's network thread. */
  private final Scheduler answers = Schedulers.newSingle("outbox-answers", true);

  KafkaEventPublisher(TicketKafkaProperties properties, OutboxProperties outbox) {
    this.topic = properties.topic();
    this.options =
        SenderOptions.<String, String>create(producerConfig(properties))
            .stopOnError(false)
            .maxInFlight(outbox.maxInFlight())
            .scheduler(answers)
            .closeTimeout(properties.closeTimeout());
  }

  /**
   * Each stream has a producer of its own, closed when the stream ends: reactor-kafka caches a
   * sender's producer, including a failure to create it, so a restarted stream needs a new one.
   */
  @Override
  public Flux<Sent> send(Flux<PendingPublication> publications) {
    return Flux.using(
        () -> KafkaSender.create(options),
        sender ->
            sender
                .send(publications.publishOn(sending).map(this::record))
                .map(
                    result ->
                        new Sent(
                            result.correlationMetadata(),
                            result.exception() == null
                                ? null
                                : new PublicationFailed(
                                    result.correlationMetadata(), result.exception()))),
        KafkaSender::close);
  }

  private SenderRecord<String, String, PendingPublication> record(PendingPublication publication) {
    return SenderRecord.create(
        new ProducerRecord<>(topic, publication.ticketId(), publication.payload()), publication);
  }

  @Override
  public void destroy() {
    sending.dispose();
    answers.dispose();
  }

  private static Map<String, Object> producerConfig(TicketKafkaProperties properties) {
    Map<String, Object> config = new HashMap<>(properties.producer());
    int deliveryMs = Math.toIntExact(properties.deliveryTimeout().toMillis());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryMs / 2, 10_000));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(deliveryMs / 2, 10_000));
    // At once: the relay keeps one send in flight per ticket, so a linger is added to every
    // version's round trip; under load, batches form anyway while earlier requests are in flight
    // (the pair benchmark: 5 ms cost about 5 ms per hop at a paced load and gained no throughput).
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ticket-api");
    return config;
  }
}
