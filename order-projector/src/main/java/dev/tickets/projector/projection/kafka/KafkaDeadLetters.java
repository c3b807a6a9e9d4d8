package dev.tickets.projector.projection.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.ParkReason;
import dev.tickets.projector.projection.DeadLetters;
import dev.tickets.projector.projection.Delivery;
import dev.tickets.projector.projection.InfrastructureUnavailable;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/** Parks records on the dead-letter topic: same key and value, reason and origin as headers. */
final class KafkaDeadLetters implements DeadLetters {

  private final KafkaSender<String, byte[]> sender;
  private final String topic;

  KafkaDeadLetters(KafkaSender<String, byte[]> sender, String topic) {
    this.sender = sender;
    this.topic = topic;
  }

  @Override
  public Mono<Void> park(Delivery delivery, ParkReason reason, String detail) {
    return Mono.defer(
            () ->
                sender
                    .send(
                        Mono.just(
                            SenderRecord.create(
                                parked(delivery, reason, detail), delivery.describe())))
                    .next())
        .flatMap(
            result ->
                result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()))
        .onErrorMap(
            KafkaDeadLetters::isOutage,
            failure ->
                new InfrastructureUnavailable(
                    "Kafka unavailable while parking " + delivery.describe(), failure));
  }

  private ProducerRecord<String, byte[]> parked(
      Delivery delivery, ParkReason reason, String detail) {
    List<Header> headers =
        List.of(
            header(DeadLetterHeaders.REASON, reason.wireName()),
            header(DeadLetterHeaders.DETAIL, detail == null ? "" : detail),
            header(DeadLetterHeaders.ORIGINAL_TOPIC, delivery.topic()),
            header(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(delivery.partition())),
            header(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(delivery.offset())));
    return new ProducerRecord<>(topic, null, delivery.key(), delivery.value(), headers);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(UTF_8));
  }

  private static boolean isOutage(Throwable failure) {
    return failure instanceof RetriableException
        || failure.getCause() instanceof RetriableException;
  }
}
