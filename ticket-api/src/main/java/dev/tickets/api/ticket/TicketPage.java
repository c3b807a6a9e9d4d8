package dev.tickets.api.ticket;

import java.util.List;

/** One page of tickets in id order; {@code nextCursor} is null on the last page. */
public record TicketPage(List<Ticket> items, String nextCursor) {}
