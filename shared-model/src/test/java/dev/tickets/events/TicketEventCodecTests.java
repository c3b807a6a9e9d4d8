package dev.tickets.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pins the wire format: a failing test here means a change consumers will notice. */
class TicketEventCodecTests {

  private static final JsonMapper TREE = JsonMapper.builder().build();

  private final TicketEventCodec codec = new TicketEventCodec();

  private final TicketCreated created =
      new TicketCreated(
          UUID.fromString("0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10"),
          "65f1c0ffee0000000000000a",
          0,
          "Concert",
          new BigDecimal("20.00"),
          "alice",
          Instant.parse("2026-11-24T10:15:30Z"));

  private final TicketUpdated updated =
      new TicketUpdated(
          UUID.fromString("5a0e2f64-93a1-4c49-8d59-2b0c6f1e7d22"),
          "65f1c0ffee0000000000000a",
          3,
          "Concert (front row)",
          new BigDecimal("35.5"),
          "alice",
          Instant.parse("2026-11-24T10:20:00.123Z"));

  @Test
  void encodesTicketCreatedAsGoldenJson() throws IOException {
    assertThat(tree(codec.encode(created))).isEqualTo(tree(golden("ticket-created.json")));
  }

  @Test
  void encodesTicketUpdatedAsGoldenJson() throws IOException {
    assertThat(tree(codec.encode(updated))).isEqualTo(tree(golden("ticket-updated.json")));
  }

  @Test
  void decodesGoldenJsonToTheSameEvents() throws IOException {
    assertThat(codec.decode(golden("ticket-created.json"))).isEqualTo(created);
    assertThat(codec.decode(golden("ticket-updated.json"))).isEqualTo(updated);
  }

  @Test
  void writesPricesAsPlainDecimals() {
    TicketEvent event = TicketEvent.of("t1", 1, "x", new BigDecimal("1E+3"), "bob", Instant.EPOCH);
    assertThat(codec.encodeToString(event)).contains("\"price\":1000");
  }

  @Test
  void picksTheEventTypeFromTheVersion() {
    assertThat(TicketEvent.of("t1", 0, "x", BigDecimal.ONE, "bob", Instant.EPOCH))
        .isInstanceOf(TicketCreated.class);
    assertThat(TicketEvent.of("t1", 1, "x", BigDecimal.ONE, "bob", Instant.EPOCH))
        .isInstanceOf(TicketUpdated.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"type\":\"TicketDeleted\",\"ticketId\":\"t\"}",
        "{\"type\":\"TicketCreated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\" \",\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":-1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":1.001,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":1,\"userId\":\"u\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\",\"extra\":1}",
        // StrictJson: a price as text, a title as number, a duplicate key, a second value
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":\"1\",\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":7,\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"title\":\"y\",\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}",
        "{\"type\":\"TicketUpdated\",\"eventId\":\"0b7f4c1e-6a55-4d7b-9f43-1f7d2c9e8a10\",\"ticketId\":\"t\",\"version\":1,\"title\":\"x\",\"price\":1,\"userId\":\"u\",\"occurredAt\":\"2026-11-24T10:15:30Z\"} {}"
      })
  void rejectsWhatIsNotAValidTicketEvent(String json) {
    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidTicketEvent.class)
        .hasMessageMatching("(?s)\\S.*");
  }

  private static JsonNode tree(byte[] json) {
    return TREE.readTree(json);
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = TicketEventCodecTests.class.getResourceAsStream("/golden/" + name)) {
      return in.readAllBytes();
    }
  }
}
