package dev.tickets.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorCredentialTests {

  @Test
  void thereIsNoOperatorWithoutAPassword() {
    assertThat(new OperatorCredential("operator", null).enabled()).isFalse();
    assertThat(new OperatorCredential("operator", " ").enabled()).isFalse();
    assertThat(new OperatorCredential("operator", "s3cret").enabled()).isTrue();
  }

  @Test
  void neverShowsThePassword() {
    assertThat(new OperatorCredential("operator", "s3cret"))
        .hasToString("OperatorCredential[username=operator, password=(set)]");
  }
}
