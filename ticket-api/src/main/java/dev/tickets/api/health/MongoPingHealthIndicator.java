package dev.tickets.api.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * MongoDB health by {@code {ping: 1}}, which both MongoDB and mongo-java-server answer (Boot's own
 * indicator sends {@code hello}, which mongo-java-server does not know).
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

  private final ReactiveMongoTemplate mongo;

  MongoPingHealthIndicator(ReactiveMongoTemplate mongo) {
    super("MongoDB health check failed");
    this.mongo = mongo;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    return mongo.executeCommand(new Document("ping", 1))
        .map(answer -> builder.up().withDetail("command", "ping").build());
  }
}
