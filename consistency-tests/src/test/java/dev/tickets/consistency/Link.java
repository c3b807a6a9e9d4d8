package dev.tickets.consistency;

import dev.tickets.infra.FreePorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.core.throttle.ThrottlerFactory;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * One network link between a service instance and Kafka or MongoDB: a TCP proxy (NetCrusher) on a
 * free loopback port that the instance connects to instead of the server. A scenario can freeze it
 * (no byte moves either way, connections stay open and new ones are accepted by the kernel and then
 * hang, as when a peer stops answering), add latency, or close every connection on it at once.
 * Bytes a frozen link holds are passed on when it thaws, even those of a connection its client has
 * closed meanwhile: a request the client gave up on may still reach the server, as on a network.
 */
final class Link implements AutoCloseable {

  private final String name;
  private final TcpCrusher proxy;
  private final AtomicLong delayNanos;

  private Link(String name, TcpCrusher proxy, AtomicLong delayNanos) {
    this.name = name;
    this.proxy = proxy;
    this.delayNanos = delayNanos;
  }

  /** Opens a proxy from a free port to {@code 127.0.0.1:targetPort}. */
  static Link open(NioReactor reactor, String name, int targetPort) {
    return open(reactor, name, FreePorts.next(), targetPort);
  }

  /** Opens a proxy from {@code port} to {@code 127.0.0.1:targetPort}. */
  static Link open(NioReactor reactor, String name, int port, int targetPort) {
    AtomicLong delayNanos = new AtomicLong();
    ThrottlerFactory halfTheDelay = client -> new HalfTheDelay(delayNanos);
    TcpCrusher proxy =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress(new InetSocketAddress("127.0.0.1", port))
            .withConnectAddress(new InetSocketAddress("127.0.0.1", targetPort))
            .withTcpNoDelay(true)
            .withIncomingThrottlerFactory(halfTheDelay)
            .withOutgoingThrottlerFactory(halfTheDelay)
            .buildAndOpen();
    return new Link(name, proxy, delayNanos);
  }

  String name() {
    return name;
  }

  int port() {
    return proxy.getBindAddress().getPort();
  }

  /** Stops every byte on the link, both ways; connections stay open, new ones hang. Idempotent. */
  synchronized void freeze() {
    if (!proxy.isFrozen()) {
      proxy.freeze();
    }
  }

  /** Lets the bytes held by {@link #freeze()} and all later ones through. Idempotent. */
  synchronized void unfreeze() {
    if (proxy.isFrozen()) {
      proxy.unfreeze();
    }
  }

  boolean isFrozen() {
    return proxy.isFrozen();
  }

  /** Adds {@code roundTrip} to every round trip on the link: half of it each way. */
  void delay(Duration roundTrip) {
    delayNanos.set(roundTrip.toNanos());
  }

  /**
   * Closes every connection on the link at once, at both ends, as a middlebox that drops its
   * connections makes them fail (NetCrusher closes them; the peers see the end of the stream). New
   * connections may follow. Returns how many were open.
   */
  int resetConnections() {
    int open = proxy.getClientAddresses().size();
    proxy.closeAllPairs();
    return open;
  }

  /** How many connections the link has carried since it opened. */
  int connectionsCarried() {
    return proxy.getClientTotalCount();
  }

  @Override
  public void close() {
    proxy.close();
  }

  @Override
  public String toString() {
    return name + " (port " + port() + ")";
  }

  /** Holds every buffer for half the link's current round-trip delay. */
  private record HalfTheDelay(AtomicLong roundTripNanos) implements Throttler {

    @Override
    public long calculateDelayNs(java.nio.ByteBuffer buffer) {
      long delay = roundTripNanos.get() / 2;
      return delay == 0 ? Throttler.NO_DELAY_NS : delay;
    }
  }
}
