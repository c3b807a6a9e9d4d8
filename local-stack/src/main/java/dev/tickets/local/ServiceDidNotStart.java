package dev.tickets.local;

/** A service's JVM exited or did not become ready; its log file says why. */
public final class ServiceDidNotStart extends RuntimeException {

  ServiceDidNotStart(String message) {
    super(message);
  }

  ServiceDidNotStart(String message, Throwable cause) {
    super(message, cause);
  }
}
