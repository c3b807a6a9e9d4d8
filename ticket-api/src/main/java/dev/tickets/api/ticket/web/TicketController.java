package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.MalformedTicketId;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketPage;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.idempotency.IdempotentRequests;
import dev.tickets.api.ticket.idempotency.IdempotentRequests.Answer;
import dev.tickets.events.TicketIds;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Tickets over HTTP, with RFC 9110 conditional requests; errors are RFC 9457 problem details
 * ({@link ProblemAdvice}). A ticket's {@code ETag} is its version as a strong tag ({@code "3"}).
 *
 * <ul>
 *   <li>{@code POST /api/tickets}: 201, {@code Location}, {@code ETag: "0"}; the owner is the
 *       token's {@code sub}.
 *   <li>{@code GET /api/tickets/{id}}: 200 with {@code ETag}; 304 when {@code If-None-Match}
 *       matches by weak comparison ({@code *} and lists included).
 *   <li>{@code GET /api/tickets?limit=&cursor=}: a page in id order (limit 1..100, default 20) with
 *       {@code nextCursor} and a {@code Link: rel="next"} when more follow.
 *   <li>{@code PUT /api/tickets/{id}}: one atomic versioned write. {@code If-Match} names the
 *       versions it may be based on (a list matches if any strong tag names the current version;
 *       weak tags never match): missing or {@code *} gives 428 Precondition Required; no match
 *       gives 412 with {@code currentVersion}, as does {@code If-None-Match: *} or an {@code
 *       If-None-Match} naming the current version; a value that is not a list of entity-tags gives
 *       400; another owner's ticket 403; an unknown id 404.
 * </ul>
 *
 * <p>{@code POST} and {@code PUT} take an optional {@code Idempotency-Key}: a repeat of the same
 * request gets the first answer again, with {@code Idempotent-Replayed: true} ({@link
 * IdempotentRequests}).
 */
@RestController
@RequestMapping(path = TicketController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
class TicketController {

  static final String PATH = "/api/tickets";

  private final TicketService tickets;
  private final TicketWrites writes;
  private final IdempotentRequests idempotent;

  TicketController(TicketService tickets, TicketWrites writes, IdempotentRequests idempotent) {
    this.tickets = tickets;
    this.writes = writes;
    this.idempotent = idempotent;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Ticket>> create(
      @RequestBody TicketRequest request,
      @RequestHeader(name = IdempotencyHeaders.KEY, required = false) String key,
      @AuthenticationPrincipal Jwt caller) {
    return Mono.fromSupplier(request::toChanges)
        .flatMap(
            changes ->
                key == null
                    ? tickets
                        .create(changes, caller.getSubject())
                        .map(ticket -> new Answer(ticket, false))
                    : idempotent.execute(
                        IdempotencyHeaders.request(
                            caller.getSubject(), key, "POST", PATH, changes, tickets.newId()),
                        writes.create(changes, caller.getSubject())))
        .map(
            answer ->
                replayed(
                        ResponseEntity.created(URI.create(PATH + "/" + answer.ticket().id()))
                            .eTag(ETags.format(answer.ticket().version())),
                        answer)
                    .body(answer.ticket()));
  }

  @GetMapping("/{id}")
  Mono<ResponseEntity<Ticket>> find(
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return tickets
        .find(id)
        .map(
            ticket ->
                ETags.noneMatchHits(ifNoneMatch, ticket.version())
                    ? notModified(ticket)
                    : current(ticket).body(ticket));
  }

  @GetMapping
  Mono<ResponseEntity<TicketPage>> page(
      @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
    return Mono.fromSupplier(() -> PageQuery.of(limit, cursor))
        .flatMap(
            query ->
                tickets
                    .page(query.cursor(), query.limit())
                    .map(page -> withNextLink(ResponseEntity.ok(), query, page).body(page)));
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Ticket>> update(
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      @RequestHeader(name = IdempotencyHeaders.KEY, required = false) String key,
      @RequestBody TicketRequest request,
      @AuthenticationPrincipal Jwt caller) {
    return Mono.fromSupplier(() -> ETags.writePrecondition(ifMatch, ifNoneMatch))
        .flatMap(
            precondition -> {
              TicketChanges changes = request.toChanges();
              String owner = caller.getSubject();
              return key == null
                  ? writes
                      .update(id, precondition, changes, owner, null, false)
                      .map(ticket -> new Answer(ticket, false))
                  : idempotent.execute(
                      IdempotencyHeaders.request(
                          owner,
                          key,
                          "PUT",
                          PATH + "/" + TicketIds.require(id, MalformedTicketId::new),
                          changes,
                          id),
                      writes.update(precondition, changes, owner));
            })
        .map(answer -> replayed(current(answer.ticket()), answer).body(answer.ticket()));
  }

  private static ResponseEntity.BodyBuilder replayed(
      ResponseEntity.BodyBuilder response, Answer answer) {
    return answer.replayed() ? response.header(IdempotencyHeaders.REPLAYED, "true") : response;
  }

  private static ResponseEntity.BodyBuilder current(Ticket ticket) {
    return ResponseEntity.ok()
        .eTag(ETags.format(ticket.version()))
        .cacheControl(CacheControl.noCache());
  }

  private static ResponseEntity<Ticket> notModified(Ticket ticket) {
    return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
        .eTag(ETags.format(ticket.version()))
        .cacheControl(CacheControl.noCache())
        .build();
  }

  private static ResponseEntity.BodyBuilder withNextLink(
      ResponseEntity.BodyBuilder response, PageQuery query, TicketPage page) {
    if (page.nextCursor() == null) {
      return response;
    }
    PageQuery next = query.next(page.nextCursor());
    return response.header(
        HttpHeaders.LINK,
        "<" + PATH + "?limit=" + next.limit() + "&cursor=" + next.cursor() + ">; rel=\"next\"");
  }
}
