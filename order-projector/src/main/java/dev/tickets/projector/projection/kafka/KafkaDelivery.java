package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.projection.Delivery;
import reactor.kafka.receiver.ReceiverRecord;

/** A Kafka record as a {@link Delivery}; acknowledging marks its offset committable. */
record KafkaDelivery(ReceiverRecord<String, byte[]> record) implements Delivery {

  @Override
  public String key() {
    return record.key();
  }

  @Override
  public byte[] value() {
    return record.value();
  }

  @Override
  public String topic() {
    return record.topic();
  }

  @Override
  public int partition() {
    return record.partition();
  }

  @Override
  public long offset() {
    return record.offset();
  }

  @Override
  public long timestamp() {
    return record.timestamp();
  }

  @Override
  public void acknowledge() {
    record.receiverOffset().acknowledge();
  }
}
