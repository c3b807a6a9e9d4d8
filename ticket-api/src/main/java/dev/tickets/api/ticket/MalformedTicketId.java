package dev.tickets.api.ticket;

/** A ticket id that cannot name any ticket (not 24 lower-case hex digits). */
public class MalformedTicketId extends TicketRefusal {

  public MalformedTicketId(String id) {
    super("Ticket id must be 24 lower-case hex digits, was '" + abbreviate(id) + "'");
  }

  private static String abbreviate(String id) {
    if (id == null) {
      return "";
    }
    return id.length() > 40 ? id.substring(0, 40) + "..." : id;
  }
}
