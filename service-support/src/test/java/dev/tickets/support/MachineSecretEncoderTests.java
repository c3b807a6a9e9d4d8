package dev.tickets.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineSecretEncoderTests {

  private final MachineSecretEncoder encoder = new MachineSecretEncoder();

  @Test
  void theSecretMatchesItsEncodingAndNothingElseDoes() {
    String encoded = encoder.encode("s3cret-of-the-operator");

    assertThat(encoder.matches("s3cret-of-the-operator", encoded)).isTrue();
    assertThat(encoder.matches("s3cret-of-the-operatoR", encoded)).isFalse();
    assertThat(encoder.matches("", encoded)).isFalse();
    assertThat(encoder.matches("s3cret-of-the-operator", "not hex at all")).isFalse();
    assertThat(encoder.matches("s3cret-of-the-operator", null)).isFalse();
  }

  @Test
  void theEncodingIsTheSha256DigestInHex() {
    assertThat(encoder.encode("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
