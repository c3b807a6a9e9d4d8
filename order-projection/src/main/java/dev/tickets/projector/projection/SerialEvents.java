package dev.tickets.projector.projection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs events one at a time, in the order they were submitted, on whichever thread submits while
 * none runs. An event submitted from inside a running event (a write that completes at once, say)
 * runs after it, never inside it, so each event sees and leaves the state whole.
 */
final class SerialEvents {

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  void execute(Runnable event) {
    queue.add(event);
    if (pending.getAndIncrement() != 0) {
      return;
    }
    do {
      queue.poll().run();
    } while (pending.decrementAndGet() != 0);
  }
}
