package dev.tickets.api.ticket;

import java.math.BigDecimal;

/**
 * A ticket as its owner and everyone else sees it. {@code version} is 0 when created and grows by
 * exactly one with every successful write.
 */
public record Ticket(String id, String title, BigDecimal price, String userId, long version) {}
