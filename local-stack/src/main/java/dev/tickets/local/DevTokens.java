package dev.tickets.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Development-only identity: the HS256 secret the local ticket-api trusts and bearer tokens signed
 * with it. Never used outside the local stack and its tests.
 */
public final class DevTokens {

  /** The local stack's JWT secret; it exists only here, in development code. */
  public static final String SECRET = "local-development-secret-not-for-production-use";

  /**
   * The operator password of both services on the local stack (user {@code operator}: ticket-api's
   * and order-projector's actuator); not for production.
   */
  public static final String OPERATOR_PASSWORD = "local-operator-password";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private DevTokens() {}

  /** A token for {@code subject}, valid for {@code validity}. */
  public static String tokenFor(String subject, Duration validity) {
    Instant now = Instant.now();
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"sub\":\""
            + subject
            + "\",\"iat\":"
            + now.getEpochSecond()
            + ",\"exp\":"
            + now.plus(validity).getEpochSecond()
            + "}";
    String signingInput = encode(header) + "." + encode(claims);
    return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sign(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is not available", ex);
    }
  }
}
