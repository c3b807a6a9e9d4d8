package dev.tickets.infra;

import java.util.regex.Pattern;

/**
 * One more plaintext listener of the embedded broker: it binds {@code port} on 127.0.0.1 and
 * advertises {@code advertisedPort}, where a TCP proxy forwards to {@code port}. A client that
 * bootstraps through the proxy learns the proxy's address from the broker's metadata, so every one
 * of its connections (producer, fetches, the group coordinator) goes through that proxy, and a
 * fault on the proxy reaches that client only.
 *
 * @param name the listener's name, upper case letters, digits and underscores ({@code LINK_0})
 * @param port the port the broker binds
 * @param advertisedPort the port clients of this listener are told to connect to
 */
public record AdvertisedListener(String name, int port, int advertisedPort) {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  public AdvertisedListener {
    if (!NAME.matcher(name).matches() || "PLAINTEXT".equals(name) || "CONTROLLER".equals(name)) {
      throw new IllegalArgumentException(
          "A listener name is upper case letters, digits and '_', and not PLAINTEXT or"
              + " CONTROLLER: "
              + name);
    }
    if (port <= 0 || advertisedPort <= 0) {
      throw new IllegalArgumentException("Listener " + name + " needs two ports above 0");
    }
  }
}
