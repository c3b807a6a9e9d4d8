package dev.tickets.projector.projection;

/** The store or the log could not be reached: retried with backoff without limit, never skipped. */
public class InfrastructureUnavailable extends RuntimeException {

  public InfrastructureUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
