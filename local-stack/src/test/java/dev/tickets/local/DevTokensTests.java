package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DevTokensTests {

  @Test
  void signsAnHs256TokenWhoseSubjectIsTheUser() throws Exception {
    String[] parts = DevTokens.tokenFor("alice", Duration.ofMinutes(5)).split("\\.");

    assertThat(parts).hasSize(3);
    assertThat(decode(parts[0])).contains("\"alg\":\"HS256\"");
    assertThat(decode(parts[1])).contains("\"sub\":\"alice\"").contains("\"exp\":");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(DevTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
  }

  @Test
  void usesASecretLongEnoughForHs256() {
    assertThat(DevTokens.SECRET.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
