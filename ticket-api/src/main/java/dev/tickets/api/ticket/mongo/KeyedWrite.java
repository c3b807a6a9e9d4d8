package dev.tickets.api.ticket.mongo;

import java.math.BigDecimal;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

/**
 * The ticket's latest write made under an {@code Idempotency-Key} claim, recorded by that write
 * itself: the claim and the ticket as the write left it.
 */
record KeyedWrite(
    String claim,
    long version,
    String title,
    @Field(targetType = FieldType.DECIMAL128) BigDecimal price) {}
