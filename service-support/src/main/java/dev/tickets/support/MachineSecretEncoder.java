package dev.tickets.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the operator's password, a machine secret set by configuration (not a person's, so not
 * open to guessing from a word list): its SHA-256 digest, compared in constant time. bcrypt's
 * deliberate cost would let anyone who sends {@code Authorization: Basic} to the public port make
 * the service spend it on every request.
 */
final class MachineSecretEncoder implements PasswordEncoder {

  @Override
  public String encode(CharSequence secret) {
    return HexFormat.of().formatHex(digest(secret));
  }

  @Override
  public boolean matches(CharSequence secret, String encoded) {
    if (secret == null || encoded == null || encoded.length() != 64) {
      return false;
    }
    try {
      return MessageDigest.isEqual(digest(secret), HexFormat.of().parseHex(encoded));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
  }

  private static byte[] digest(CharSequence secret) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("Every JVM has SHA-256", ex);
    }
  }
}
