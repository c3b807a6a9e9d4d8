package dev.tickets.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The whole ticket-api on a random port, against the shared MongoDB and Kafka of
 * {@link dev.tickets.infra.SharedInfrastructure} (Testcontainers where Docker runs, embedded servers
 * otherwise), with the {@code test} profile's JWT secret and a {@code WebTestClient} bound to the
 * server. Each test class gets its own application context, MongoDB database and Kafka topic,
 * named after the class (see {@link SharedInfrastructureProperties}); read them as
 * {@code spring.mongodb.uri} and {@code ticket-api.kafka.topic}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
@ContextCustomizerFactories(SharedInfrastructureProperties.class)
public @interface TicketApiIntegrationTest {
}
