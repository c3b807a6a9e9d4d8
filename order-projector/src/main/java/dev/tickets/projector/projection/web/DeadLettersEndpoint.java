package dev.tickets.projector.projection.web;

import dev.tickets.projector.projection.DeadLetterOperations;
import dev.tickets.projector.projection.DeadLetterOperations.Page;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;
import reactor.core.publisher.Mono;

/**
 * Dead letters for operators, on the actuator: {@code GET /actuator/deadletters?ticketId=&reason=
 * &page=&size=} lists parked records; {@code POST /actuator/deadletters/replay} with {@code
 * {"ticketId": "..."}} (or {@code {"all": true}}) sends that ticket's (or every ticket's) parked
 * events not replayed yet back to the ticket topic, in version order, and reports them. Both need
 * the operator credential (see {@code OperatorSecurity}).
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

  private final DeadLetterOperations operations;

  public DeadLettersEndpoint(DeadLetterOperations operations) {
    this.operations = operations;
  }

  @ReadOperation
  public Mono<Page> list(
      @Nullable String ticketId,
      @Nullable String reason,
      @Nullable Integer page,
      @Nullable Integer size) {
    int from = page == null ? 0 : page;
    int count = size == null ? 50 : size;
    if (from < 0 || count < 1 || count > 500) {
      throw refused("page must be 0 or more and size 1 to 500");
    }
    return operations.list(ticketId, reason, from, count);
  }

  @WriteOperation
  public Mono<Map<String, Object>> replay(
      @Selector String action, @Nullable String ticketId, @Nullable Boolean all) {
    if (!"replay".equals(action)) {
      throw refused("Unknown action '" + action + "': POST /actuator/deadletters/replay");
    }
    boolean everything = Boolean.TRUE.equals(all);
    if ((ticketId == null) == !everything) {
      throw refused("Replay needs exactly one of {\"ticketId\": \"...\"} or {\"all\": true}");
    }
    return operations
        .replay(everything ? null : ticketId)
        .collectList()
        .map(replayed -> Map.of("replayed", replayed, "count", replayed.size()));
  }

  /**
   * A bad request, answered 400 with {@code reason} as the problem's {@code detail}: the actuator
   * passes on an {@link InvalidEndpointRequestException}'s reason, not its message.
   */
  private static InvalidEndpointRequestException refused(String reason) {
    return new InvalidEndpointRequestException(reason, reason);
  }
}
