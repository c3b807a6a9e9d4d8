package dev.tickets.consistency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Cluster} (two ticket-api and two order-projector instances) for every scenario class
 * of the run: started before the first one, closed after the last one by JUnit's root store, so
 * that each class does not pay for a start of its own.
 */
final class SharedCluster implements BeforeAllCallback {

  private static volatile Cluster cluster;

  /** The cluster the extension started; fails outside a class that uses the extension. */
  static Cluster get() {
    if (cluster == null) {
      throw new IllegalStateException("No cluster: add @ExtendWith(SharedCluster.class)");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(SharedCluster.class, key -> new Started(start()), Started.class);
  }

  private static Cluster start() {
    try {
      Path data =
          Files.createDirectories(Path.of("target", "cluster-" + System.currentTimeMillis()));
      Cluster started =
          Cluster.start(data, Path.of(System.getProperty("tickets.services.dir", "..")), 2, 2);
      cluster = started;
      return started;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Closed by JUnit once every test of the run is done. */
  private record Started(Cluster cluster) implements AutoCloseable {

    @Override
    public void close() {
      try {
        cluster.close();
      } finally {
        Scenarios.reportTotal();
      }
    }
  }
}
