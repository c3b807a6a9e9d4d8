package dev.tickets.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on the loopback interface.
 *
 * <p>A returned port was free when it was probed and is never handed out twice by this JVM, so two
 * servers started one after the other get distinct ports. Another process may still take it before
 * the caller binds; callers that can bind port 0 themselves should prefer that.
 */
public final class FreePorts {

  private static final int ATTEMPTS = 50;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** Returns a port on 127.0.0.1 that was free a moment ago and not returned before in this JVM. */
  public static int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = probe();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("No unused free loopback port after " + ATTEMPTS + " attempts");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot probe a free loopback port", e);
    }
  }
}
