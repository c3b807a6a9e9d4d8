package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tickets.local.StackOptions.BadCommandLine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendEventTests {

  private static final String EVENT =
      """
      {"type":"TicketUpdated","ticketId":"t-1","version":2}""";

  @Test
  void keysTheRecordByTheValuesTicketIdOnTheDefaultKafkaPort() {
    SendEvent.Request request = SendEvent.Request.parse(List.of(EVENT), Map.of(), () -> "");

    assertThat(request).isEqualTo(new SendEvent.Request(9092, "t-1", EVENT));
  }

  @Test
  void readsTheValueFromStandardInWithoutJsonArgument() {
    SendEvent.Request request =
        SendEvent.Request.parse(List.of("--kafka-port=19092"), Map.of(), () -> EVENT);

    assertThat(request).isEqualTo(new SendEvent.Request(19092, "t-1", EVENT));
  }

  @Test
  void takesTheKafkaPortFromTheEnvironmentUnlessTheOptionGivesOne() {
    assertThat(SendEvent.Request.parse(List.of(EVENT), Map.of("KAFKA_PORT", "19092"), () -> ""))
        .extracting(SendEvent.Request::kafkaPort)
        .isEqualTo(19092);
    assertThat(
            SendEvent.Request.parse(
                List.of("--kafka-port=29092", EVENT), Map.of("KAFKA_PORT", "19092"), () -> ""))
        .extracting(SendEvent.Request::kafkaPort)
        .isEqualTo(29092);
  }

  @Test
  void sendsAnInvalidValueAsGivenWithAnExplicitKey() {
    SendEvent.Request request =
        SendEvent.Request.parse(List.of("--key=t-9", "not json"), Map.of(), () -> "");

    assertThat(request).isEqualTo(new SendEvent.Request(9092, "t-9", "not json"));
  }

  @Test
  void refusesAValueWithoutTicketIdAndWithoutKey() {
    assertThatThrownBy(() -> SendEvent.Request.parse(List.of("{\"a\":1}"), Map.of(), () -> ""))
        .isInstanceOf(BadCommandLine.class)
        .hasMessageContaining("give --key=KEY");
  }

  @Test
  void rejectsUnknownOptionsAndASecondValue() {
    assertThatThrownBy(() -> SendEvent.Request.parse(List.of("--topic=x", EVENT), Map.of(), null))
        .isInstanceOf(BadCommandLine.class)
        .hasMessageContaining("'--topic=x'");
    assertThatThrownBy(() -> SendEvent.Request.parse(List.of(EVENT, EVENT), Map.of(), null))
        .isInstanceOf(BadCommandLine.class);
  }

  @Test
  void saysTheStackIsNotRunningWhenNothingListensOnTheKafkaPort() {
    int unused = dev.tickets.infra.FreePorts.next();

    assertThatThrownBy(() -> SendEvent.send(new SendEvent.Request(unused, "t-1", EVENT)))
        .isInstanceOf(SendEvent.NotSent.class)
        .hasMessageContaining("nothing listens on 127.0.0.1:" + unused)
        .hasMessageContaining("is the local stack running");
  }
}
