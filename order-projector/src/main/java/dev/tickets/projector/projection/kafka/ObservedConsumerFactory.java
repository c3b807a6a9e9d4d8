package dev.tickets.projector.projection.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.internals.ConsumerFactory;

/**
 * Creates the Kafka consumer with its client metrics (among them {@code records-lag-max}, the
 * consumer lag) bound to the registry, and reports when the consumer has closed. The proxy stays
 * because reactor-kafka signals nothing when it closes its consumer: cancelling {@code receive()}
 * returns at once while the final commit and the close run later on its event thread, and a
 * graceful stop must wait for exactly that commit ({@code StopCommitIT}).
 */
final class ObservedConsumerFactory extends ConsumerFactory {

  private final MeterRegistry registry;
  private volatile CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);

  ObservedConsumerFactory(MeterRegistry registry) {
    this.registry = registry;
  }

  CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public <K, V> Consumer<K, V> createConsumer(ReceiverOptions<K, V> options) {
    Consumer<K, V> consumer = super.createConsumer(options);
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    CompletableFuture<Void> closing = new CompletableFuture<>();
    closed = closing;
    return closeObserved(
        consumer,
        () -> {
          metrics.close();
          closing.complete(null);
        });
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Consumer<K, V> closeObserved(Consumer<K, V> consumer, Runnable onClose) {
    return (Consumer<K, V>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(consumer, args);
              } catch (InvocationTargetException failure) {
                throw failure.getCause();
              } finally {
                if (method.getName().equals("close")) {
                  onClose.run();
                }
              }
            });
  }
}
