package dev.tickets.events;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON wire form of {@link TicketEvent}: UTF-8 JSON with a {@code type} discriminator, prices
 * as plain decimal numbers and {@code occurredAt} as an ISO-8601 instant. Decoding is strict:
 * unknown fields, missing fields and invalid values are rejected with {@link InvalidTicketEvent}
 * (the rules of {@link StrictJson}, and every field is required).
 */
public final class TicketEventCodec {

  private final JsonMapper mapper =
      StrictJson.strict(JsonMapper.builder())
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  public byte[] encode(TicketEvent event) {
    return mapper.writerFor(TicketEvent.class).writeValueAsBytes(event);
  }

  public String encodeToString(TicketEvent event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  /** Reads an event, or throws {@link InvalidTicketEvent} saying what is wrong with the bytes. */
  public TicketEvent decode(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InvalidTicketEvent("record has no value");
    }
    try {
      return mapper.readValue(json, TicketEvent.class);
    } catch (InvalidTicketEvent ex) {
      throw ex;
    } catch (JacksonException ex) {
      if (ex.getCause() instanceof InvalidTicketEvent invalid) {
        throw invalid;
      }
      throw new InvalidTicketEvent("not a ticket event: " + ex.getOriginalMessage(), ex);
    }
  }
}
