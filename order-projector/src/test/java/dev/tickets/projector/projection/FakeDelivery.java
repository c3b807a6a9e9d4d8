package dev.tickets.projector.projection;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;

/** A delivery that counts its acknowledgements, the fake acknowledger of the tests. */
public final class FakeDelivery implements Delivery {

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private final String key;
  private final byte[] value;
  private final int partition;
  private final long offset;
  private final AtomicInteger acknowledgements = new AtomicInteger();
  private volatile Runnable onAcknowledge = () -> { };

  public FakeDelivery(String key, byte[] value, int partition, long offset) {
    this.key = key;
    this.value = value;
    this.partition = partition;
    this.offset = offset;
  }

  /** Version {@code version} of ticket {@code ticketId}, titled after its version. */
  public static FakeDelivery event(String ticketId, long version, int partition, long offset) {
    return new FakeDelivery(ticketId, CODEC.encode(ticketEvent(ticketId, version)), partition, offset);
  }

  public static FakeDelivery event(String ticketId, long version) {
    return event(ticketId, version, 0, version);
  }

  public static FakeDelivery raw(String key, String value) {
    return new FakeDelivery(key, value.getBytes(StandardCharsets.UTF_8), 0, 0);
  }

  public static TicketEvent ticketEvent(String ticketId, long version) {
    return TicketEvent.of(ticketId, version, "concert v" + version, new BigDecimal("20.00")
        .add(BigDecimal.valueOf(version)), "user-1", Instant.parse("2025-01-01T00:00:00Z"));
  }

  /** Runs the check whenever the delivery is acknowledged, to assert what holds at that moment. */
  public FakeDelivery onAcknowledge(Runnable check) {
    this.onAcknowledge = check;
    return this;
  }

  public boolean acknowledged() {
    return acknowledgements.get() > 0;
  }

  public int acknowledgements() {
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
    return "ticket-events";
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
  public void acknowledge() {
    acknowledgements.incrementAndGet();
    onAcknowledge.run();
  }
}
