package dev.tickets.projector.projection.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Health of MongoDB by {@code {ping: 1}}, which every MongoDB wire server answers (Spring Boot's
 * own indicator uses {@code hello}, unknown to mongo-java-server). Named {@code mongo}.
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator implements ReactiveHealthIndicator {

  private final ReactiveMongoTemplate mongo;

  MongoPingHealthIndicator(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Mono<Health> health() {
    return mongo.executeCommand(new Document("ping", 1))
        .map(answer -> Health.up().withDetail("command", "ping").build())
        .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
  }
}
