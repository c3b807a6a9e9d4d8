package dev.tickets.testkit;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.events.TicketTopics;
import dev.tickets.projector.projection.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A record as the projector receives it from {@code ticket-events}, whose acknowledgement a test
 * can assert: {@link #acknowledged()} and {@link #acknowledgedCount()} (a record must be
 * acknowledged exactly once, and only once it is applied, a duplicate, or parked).
 */
public final class TestDelivery implements Delivery {

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private final String key;
  private final byte[] value;
  private final int partition;
  private final long offset;
  private final AtomicInteger acknowledgements = new AtomicInteger();
  private volatile Runnable onAcknowledge = () -> {};
  private volatile long timestamp = -1;

  public TestDelivery(String key, byte[] value, int partition, long offset) {
    this.key = key;
    this.value = value;
    this.partition = partition;
    this.offset = offset;
  }

  /**
   * {@code event} in its wire form, keyed by its ticket id, at {@code partition}:{@code offset}.
   */
  public static TestDelivery of(TicketEvent event, int partition, long offset) {
    return new TestDelivery(event.ticketId(), CODEC.encode(event), partition, offset);
  }

  /** {@code event} on partition 0, at the offset of its version. */
  public static TestDelivery of(TicketEvent event) {
    return of(event, 0, event.version());
  }

  /** {@link TicketEvents#version(String, long)} at {@code partition}:{@code offset}. */
  public static TestDelivery event(String ticketId, long version, int partition, long offset) {
    return of(TicketEvents.version(ticketId, version), partition, offset);
  }

  /** {@link TicketEvents#version(String, long)} on partition 0, at the offset of its version. */
  public static TestDelivery event(String ticketId, long version) {
    return event(ticketId, version, 0, version);
  }

  /** Any key and value, e.g. bytes that are not a ticket event. */
  public static TestDelivery raw(String key, String value) {
    return new TestDelivery(key, value.getBytes(StandardCharsets.UTF_8), 0, 0);
  }

  /**
   * Runs {@code check} whenever the delivery is acknowledged, to assert what holds at that moment.
   */
  public TestDelivery onAcknowledge(Runnable check) {
    this.onAcknowledge = check;
    return this;
  }

  /**
   * Gives the record a log timestamp, as Kafka does (the producer's send with {@code CreateTime}),
   * in epoch milliseconds; without one it has none (-1).
   */
  public TestDelivery sentAt(long epochMillis) {
    this.timestamp = epochMillis;
    return this;
  }

  public boolean acknowledged() {
    return acknowledgements.get() > 0;
  }

  public int acknowledgedCount() {
    return acknowledgements.get();
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public byte[] value() {
    return value;
  }

  @Override
  public String topic() {
    return TicketTopics.EVENTS;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public void acknowledge() {
    acknowledgements.incrementAndGet();
    onAcknowledge.run();
  }
}
