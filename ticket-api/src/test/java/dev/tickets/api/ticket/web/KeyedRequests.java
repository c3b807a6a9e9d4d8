package dev.tickets.api.ticket.web;

import dev.tickets.api.security.JwtProperties;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the {@code Idempotency-Key} tests over HTTP share: the API as its callers see it, a fresh
 * key and a fresh ticket title for each test, and how many tickets MongoDB holds with a title.
 */
abstract class KeyedRequests {

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  @Autowired ReactiveMongoTemplate mongo;

  TicketsOverHttp api;
  String key;
  String title;

  @BeforeEach
  void freshKeyAndTitle() {
    api = new TicketsOverHttp(http, jwt.secret());
    key = UUID.randomUUID().toString();
    title = getClass().getSimpleName() + " " + UUID.randomUUID();
  }

  /** The tickets stored with {@code title}, however many writes made them. */
  long ticketsTitled(String title) {
    return mongo.count(new BasicQuery(new Document("title", title)), "tickets").block();
  }
}
