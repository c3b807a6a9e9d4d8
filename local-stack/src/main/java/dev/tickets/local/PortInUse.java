package dev.tickets.local;

import dev.tickets.local.StackOptions.Port;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port the stack needs is taken by another process; nothing of the stack was started. */
public final class PortInUse extends RuntimeException {

  PortInUse(Port port, int number) {
    super(
        "port "
            + number
            + " is already in use, and "
            + port.component()
            + " needs it; choose another with "
            + port.howToChange());
  }

  /**
   * Throws for the first of the stack's ports that cannot be bound on all interfaces (as the
   * services bind) and on 127.0.0.1 (as Kafka and MongoDB bind); port 0 means any free port.
   */
  static void requireFree(StackOptions options) {
    for (Port port : Port.values()) {
      int number = port.of(options);
      if (number != 0 && !(canBind(new InetSocketAddress(number)) && canBind(loopback(number)))) {
        throw new PortInUse(port, number);
      }
    }
  }

  private static InetSocketAddress loopback(int number) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), number);
  }

  private static boolean canBind(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
      return true;
    } catch (IOException ex) {
      return false;
    }
  }
}
