package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tickets.api.TestTokens;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketStore;
import dev.tickets.api.ticket.TicketWrite;
import dev.tickets.api.ticket.idempotency.IdempotencyKey;
import dev.tickets.api.ticket.idempotency.IdempotencyStore;
import dev.tickets.api.ticket.idempotency.KeyRecord;
import dev.tickets.events.TicketEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

@TicketApiIntegrationTest
@Import(IdemReviewScratchIT.Faults.class)
@TestPropertySource(properties = {"ticket-api.idempotency.lease=1s",
    "ticket-api.idempotency.wait-timeout=300ms", "ticket-api.idempotency.retention=1h"})
class IdemReviewScratchIT {

  @Autowired WebTestClient http;
  @Autowired JwtProperties jwt;
  @Autowired ReactiveMongoTemplate mongo;
  @Autowired Faults faults;
  @LocalServerPort int port;

  TicketsOverHttp api;
  String key;
  String title;

  @BeforeEach
  void setUp() {
    api = new TicketsOverHttp(http, new TestTokens(jwt.secret()));
    key = UUID.randomUUID().toString();
    title = "Scratch " + UUID.randomUUID();
  }

  EntityExchangeResult<String> put(String id, String ifMatch, String newTitle) {
    return http.put().uri("/api/tickets/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .header(IdempotencyHeaders.KEY, key)
        .header(HttpHeaders.IF_MATCH, ifMatch)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(TicketsOverHttp.body(newTitle, "30"))
        .exchange().expectBody(String.class).returnResult();
  }

  EntityExchangeResult<String> post() {
    return http.post().uri("/api/tickets")
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .header(IdempotencyHeaders.KEY, key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(TicketsOverHttp.body(title, "20"))
        .exchange().expectBody(String.class).returnResult();
  }

  static String show(EntityExchangeResult<String> r) {
    return r.getStatus() + " etag=" + r.getResponseHeaders().getETag() + " replayed="
        + r.getResponseHeaders().getFirst(IdempotencyHeaders.REPLAYED) + " body=" + r.getResponseBody();
  }

  long version(String id) {
    return mongo.findOne(new BasicQuery(new Document("_id", id)), Document.class, "tickets").block()
        .get("version", Number.class).longValue();
  }

  @Test
  void slowFirstAttemptWithIfMatchList() throws Exception {
    Ticket t = api.create("alice", title, "20");
    faults.delayNextUpdate.set(Duration.ofSeconds(2));
    CompletableFuture<EntityExchangeResult<String>> a =
        CompletableFuture.supplyAsync(() -> put(t.id(), "\"0\", \"1\"", "Opera"));
    Thread.sleep(1300);
    EntityExchangeResult<String> b = put(t.id(), "\"0\", \"1\"", "Opera");
    System.out.println("SCRATCH slow A: " + show(a.get()));
    System.out.println("SCRATCH slow B: " + show(b));
    System.out.println("SCRATCH slow version now: " + version(t.id()));
    assertThat(version(t.id())).as("ticket written once").isEqualTo(1);
  }

  @Test
  void postReplayAfterLaterUpdate() {
    faults.loseNextAnswer.set(true);
    EntityExchangeResult<String> first = post();
    Document doc = mongo.findOne(new BasicQuery(new Document("title", title)), Document.class, "tickets").block();
    String id = doc.get("_id").toString();
    api.update("alice", id, "\"0\"", "Changed", "99").expectStatus().isOk();
    EntityExchangeResult<String> again = post();
    System.out.println("SCRATCH post first: " + show(first));
    System.out.println("SCRATCH post again: " + show(again) + " location=" + again.getResponseHeaders().getLocation());
    assertThat(again.getStatus().value()).isEqualTo(201);
    assertThat(again.getResponseHeaders().getLocation().toString()).endsWith(id);
    assertThat(again.getResponseBody()).contains(title).contains("\"version\":0");
  }

  @Test
  void answerLostAndAbandonFails() throws Exception {
    Ticket t = api.create("alice", title, "20");
    faults.loseNextAnswer.set(true);
    faults.failNextKeyReplace.set(true);
    EntityExchangeResult<String> first = put(t.id(), "\"0\"", "Opera");
    EntityExchangeResult<String> soon = put(t.id(), "\"0\"", "Opera");
    Thread.sleep(1200);
    EntityExchangeResult<String> later = put(t.id(), "\"0\"", "Opera");
    System.out.println("SCRATCH down first: " + show(first));
    System.out.println("SCRATCH down soon: " + show(soon));
    System.out.println("SCRATCH down later: " + show(later));
    System.out.println("SCRATCH down version: " + version(t.id()));
  }

  @Test
  void otherKeyedWriteBetweenLostAnswerAndRetry() {
    Ticket t = api.create("alice", title, "20");
    faults.loseNextAnswer.set(true);
    EntityExchangeResult<String> first = put(t.id(), "\"0\"", "Opera");
    String mine = key;
    key = UUID.randomUUID().toString();
    EntityExchangeResult<String> other = put(t.id(), "\"1\"", "Ballet");
    key = mine;
    EntityExchangeResult<String> retry = put(t.id(), "\"0\"", "Opera");
    System.out.println("SCRATCH other first: " + show(first));
    System.out.println("SCRATCH other other: " + show(other));
    System.out.println("SCRATCH other retry: " + show(retry));
  }

  @Test
  void droppedConnectionDuringKeyedWrite() throws Exception {
    Ticket t = api.create("alice", title, "20");
    faults.delayNextUpdate.set(Duration.ofMillis(700));
    String body = TicketsOverHttp.body("Opera", "30");
    Instant reset;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/tickets/" + t.id() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
          + api.bearer("alice") + "\r\nIdempotency-Key: " + key
          + "\r\nIf-Match: \"0\"\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      socket.setSoLinger(true, 0);
      reset = Instant.now();
    }
    Thread.sleep(100);
    Document rec = mongo.findOne(new BasicQuery(new Document("key", key)), Document.class, "idempotency_keys").block();
    System.out.println("SCRATCH drop reset at " + reset + " record: " + rec);
    Thread.sleep(1500);
    System.out.println("SCRATCH drop version after 1.6s: " + version(t.id()) + " record: "
        + mongo.findOne(new BasicQuery(new Document("key", key)), Document.class, "idempotency_keys").block());
  }

  @Test
  void hookMatters() throws Exception {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger cd = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ClientDisconnects.class);
    cd.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      for (int round = 0; round < 2; round++) {
        String state = round == 0 ? "on" : "off";
        if (round == 1) Hooks.resetOnErrorDropped();
        logged.list.clear();
        resets();
        System.out.println("SCRATCH hook " + state + " midbody: " + summary(logged));
        logged.list.clear();
        Ticket t = api.create("alice", title, "20");
        for (int i = 0; i < 3; i++) {
          faults.delayNextUpdate.set(Duration.ofMillis(500));
          rawReset("PUT /api/tickets/" + t.id(), "\r\nIf-Match: \"0\"", TicketsOverHttp.body("X", "1"), 200);
          faults.delayNextUpdate.set(Duration.ofMillis(500));
          rawReset("PUT /api/tickets/" + t.id(), "\r\nIf-Match: \"0\"\r\nIdempotency-Key: k" + UUID.randomUUID(), TicketsOverHttp.body("X", "1"), 200);
        }
        Thread.sleep(1500);
        System.out.println("SCRATCH hook " + state + " midwrite: " + summary(logged));
        logged.list.clear();
        for (int i = 0; i < 5; i++) {
          rawReset("GET /api/tickets?limit=100", "", null, 0);
          rawReset("POST /api/tickets", "", TicketsOverHttp.body("Y", "1"), 0);
        }
        Thread.sleep(1000);
        System.out.println("SCRATCH hook " + state + " response: " + summary(logged));
      }
    } finally {
      Hooks.onErrorDropped(ClientDisconnects::dropped);
      root.detachAppender(logged);
    }
  }

  @Test
  void responseResets() throws Exception {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ProblemAdvice.class)).setLevel(Level.DEBUG);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ClientDisconnects.class)).setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      for (int i = 0; i < 20; i++) {
        rawReset("GET /api/tickets?limit=100", "", null, 0);
        rawReset("POST /api/tickets", "", TicketsOverHttp.body("Y", "1"), 0);
      }
      Thread.sleep(1500);
      StringBuilder s = new StringBuilder();
      for (ILoggingEvent e : List.copyOf(logged.list)) {
        if (e.getLevel().isGreaterOrEqual(Level.WARN) || e.getLoggerName().contains("ClientDisconnects") || e.getLoggerName().contains("ProblemAdvice")) {
          s.append("\n   ").append(e.getTimeStamp()).append(' ').append(e.getThreadName()).append(' ').append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ").append(e.getFormattedMessage());
        }
      }
      System.out.println("SCRATCH response resets:" + s);
    } finally {
      root.detachAppender(logged);
    }
  }

  static String summary(ListAppender<ILoggingEvent> logged) {
    StringBuilder s = new StringBuilder();
    for (ILoggingEvent e : List.copyOf(logged.list)) {
      if (e.getLevel().isGreaterOrEqual(Level.WARN) || e.getLoggerName().contains("ClientDisconnects")) {
        s.append("\n   ").append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ")
            .append(e.getFormattedMessage());
      }
    }
    return s.toString();
  }

  void rawReset(String line, String headers, String body, long waitMs) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write((line + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + api.bearer("alice") + headers
          + (body == null ? "" : "\r\nContent-Type: application/json\r\nContent-Length: " + body.length())
          + "\r\n\r\n" + (body == null ? "" : body)).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (waitMs > 0) Thread.sleep(waitMs);
      socket.setSoLinger(true, 0);
    }
  }

  void resets() throws Exception {
    String bearer = api.bearer("alice");
    for (String method : List.of("POST /api/tickets", "PUT /api/tickets/0123456789abcdef01234567")) {
      for (int attempt = 0; attempt < 5; attempt++) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          OutputStream out = socket.getOutputStream();
          out.write((method + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer
              + "\r\nIf-Match: \"0\"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
              + "{\"title\": \"Half").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(100);
          socket.setSoLinger(true, 0);
        }
      }
    }
    Thread.sleep(1000);
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Faults {
    final AtomicBoolean loseNextAnswer = new AtomicBoolean();
    final AtomicBoolean failNextKeyReplace = new AtomicBoolean();
    final AtomicReference<Duration> delayNextUpdate = new AtomicReference<>();

    @Bean
    static BeanPostProcessor scratchFaults(ObjectProvider<Faults> faults) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (bean instanceof TicketStore store) {
            return new FaultyTickets(store, faults);
          }
          return bean;
        }
      };
    }

    @Bean
    @org.springframework.context.annotation.Primary
    FaultyKeys faultyKeys(@org.springframework.beans.factory.annotation.Qualifier("mongoIdempotencyStore") IdempotencyStore store,
        ObjectProvider<Faults> faults) {
      return new FaultyKeys(store, faults);
    }

    record FaultyKeys(IdempotencyStore store, ObjectProvider<Faults> faults) implements IdempotencyStore {
      public Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim) { return store.insert(key, claim); }
      public Mono<KeyRecord> find(IdempotencyKey key) { return store.find(key); }
      public Mono<Boolean> replace(IdempotencyKey key, long revision, KeyRecord next) {
        return Mono.defer(() -> faults.getObject().failNextKeyReplace.getAndSet(false)
            ? Mono.error(new DataAccessResourceFailureException("mongo down (key replace)"))
            : store.replace(key, revision, next));
      }
      public Mono<Void> delete(IdempotencyKey key, long revision) { return store.delete(key, revision); }
    }

    record FaultyTickets(TicketStore store, ObjectProvider<Faults> faults) implements TicketStore {
      private <T> Mono<T> maybeLost(Mono<T> write) {
        return write.flatMap(written -> faults.getObject().loseNextAnswer.getAndSet(false)
            ? Mono.error(new DataAccessResourceFailureException("answer lost after the write"))
            : Mono.just(written));
      }
      public String newId() { return store.newId(); }
      public Mono<TicketWrite> insert(Ticket ticket, TicketEvent created) {
        return maybeLost(store.insert(ticket, created));
      }
      public Mono<TicketWrite> updateIfCurrent(String id, long expectedVersion, String owner,
          TicketChanges changes, TicketEvent updated, String claim, boolean unlessClaimed) {
        Duration delay = faults.getObject().delayNextUpdate.getAndSet(null);
        System.out.println("SCRATCH updateIfCurrent v=" + expectedVersion + " claim=" + claim
            + " unlessClaimed=" + unlessClaimed + " delay=" + delay);
        Mono<TicketWrite> write = maybeLost(store.updateIfCurrent(id, expectedVersion, owner, changes,
            updated, claim, unlessClaimed));
        return delay == null ? write : Mono.delay(delay).then(write);
      }
      public Mono<Ticket> findWrittenUnder(String id, String claim) { return store.findWrittenUnder(id, claim); }
      public Mono<Ticket> findById(String id) { return store.findById(id); }
      public Flux<Ticket> findPage(String afterId, int limit) { return store.findPage(afterId, limit); }
    }
  }
}
