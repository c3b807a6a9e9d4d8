package dev.tickets.support;

import org.bson.Document;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * MongoDB's health, component {@code mongo} of both services: {@code hello} on the service's own
 * database, UP with the server's {@code maxWireVersion}, DOWN with the failure. It replaces Spring
 * Boot's indicator, which first lists every database the user may see and shows their names in the
 * details, to anyone who may read health details (here: everyone), on every probe. Import it into a
 * service's configuration; its bean name makes Boot's own indicator back off.
 */
@Component("mongoHealthIndicator")
@ConditionalOnEnabledHealthIndicator("mongo")
public class MongoHealthIndicator extends AbstractReactiveHealthIndicator {

  private final ReactiveMongoTemplate mongo;

  public MongoHealthIndicator(ReactiveMongoTemplate mongo) {
    super("MongoDB health check failed");
    this.mongo = mongo;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    return mongo
        .executeCommand(new Document("hello", 1))
        .map(
            hello ->
                builder.up().withDetail("maxWireVersion", hello.get("maxWireVersion")).build());
  }
}
