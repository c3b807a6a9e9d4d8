package dev.tickets.testkit;

import dev.tickets.events.ParkReason;
import dev.tickets.projector.projection.DeadLetters;
import dev.tickets.projector.projection.Delivery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** Remembers what was parked, in order. */
public class RecordingDeadLetters implements DeadLetters {

  /** One parked record. */
  public record Parked(Delivery delivery, ParkReason reason, String detail) {}

  private final List<Parked> parked = new CopyOnWriteArrayList<>();

  public List<Parked> parked() {
    return List.copyOf(parked);
  }

  @Override
  public Mono<Void> park(Delivery delivery, ParkReason reason, String detail) {
    return Mono.fromRunnable(() -> parked.add(new Parked(delivery, reason, detail)));
  }
}
