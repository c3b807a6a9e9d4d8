package dev.tickets.support;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's HTTP Basic credential for the actuator's non-public endpoints ({@link
 * OperatorAccess}); without a password no one is the operator and those endpoints refuse every
 * request.
 *
 * @param username the operator's user name
 * @param password the operator's password; none by default
 */
public record OperatorCredential(@DefaultValue("operator") String username, String password) {

  /** Whether there is an operator at all: a password is set. */
  public boolean enabled() {
    return password != null && !password.isBlank();
  }

  @Override
  public String toString() {
    return "OperatorCredential[username="
        + username
        + ", password="
        + (enabled() ? "(set)" : "(none)")
        + "]";
  }
}
