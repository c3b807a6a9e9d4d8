package dev.tickets.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.tickets.testkit.TestInfrastructure;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The whole ticket-api on a random port, against the shared MongoDB and Kafka of {@link
 * dev.tickets.infra.SharedInfrastructure} (Testcontainers where Docker runs, embedded servers
 * otherwise), with the {@code test} profile's JWT secret and a {@code WebTestClient} bound to the
 * server. Each test class gets its own application context, MongoDB database and Kafka topic, named
 * after the class (see {@link SharedInfrastructureProperties}); read them as {@code
 * spring.mongodb.uri} and {@code ticket-api.kafka.topic}.
 *
 * <p>Every response that test's {@code WebTestClient} (and its mutations) receives from the ticket
 * API ({@code /api/...}) must conform to the OpenAPI document the server itself serves ({@link
 * OpenApiConformance}); one that does not fails the test with the validator's report.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
@ContextCustomizerFactories(TicketApiIntegrationTest.SharedInfrastructureProperties.class)
@Import(TicketApiIntegrationTest.OpenApiConformance.class)
public @interface TicketApiIntegrationTest {

  /**
   * Validates each {@code /api/...} response (status, headers, content type, body) against {@code
   * /v3/api-docs}, fetched once per application context, with swagger-request-validator. Requests
   * are not validated: tests send invalid ones on purpose. Paths and methods the document does not
   * have (a 404 for {@code /api/tickets/{id}/seats}, a 405 for {@code DELETE}) cannot be validated
   * and are skipped; {@code OpenApiDocumentIT} asserts the documented ones are there.
   */
  @TestConfiguration(proxyBeanMethods = false)
  class OpenApiConformance implements ExchangeFilterFunction {

    private static final String API = "/api/";
    private static final String DOCUMENT = "/v3/api-docs";

    private final AtomicReference<Mono<OpenApiInteractionValidator>> validator =
        new AtomicReference<>();

    @Bean
    WebTestClientBuilderCustomizer openApiConformance() {
      return builder -> builder.filter(this);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
      if (!request.url().getRawPath().startsWith(API)) {
        return next.exchange(request);
      }
      return next.exchange(request)
          .flatMap(
              response ->
                  body(response)
                      .zipWith(validator(request.url()))
                      .map(
                          bodyAndValidator -> {
                            byte[] body = bodyAndValidator.getT1();
                            validate(bodyAndValidator.getT2(), request, response, body);
                            return response
                                .mutate()
                                .body(
                                    Flux.defer(
                                        () ->
                                            body.length == 0
                                                ? Flux.empty()
                                                : Flux.just(
                                                    DefaultDataBufferFactory.sharedInstance.wrap(
                                                        body))))
                                .build();
                          }));
    }

    private static Mono<byte[]> body(ClientResponse response) {
      return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()))
          .map(
              buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
              })
          .defaultIfEmpty(new byte[0]);
    }

    private static void validate(
        OpenApiInteractionValidator validator,
        ClientRequest request,
        ClientResponse response,
        byte[] body) {
      SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.statusCode().value());
      response.headers().asHttpHeaders().forEach(actual::withHeader);
      if (body.length > 0) {
        actual.withBody(new String(body, StandardCharsets.UTF_8));
      }
      ValidationReport report =
          validator.validateResponse(
              request.url().getRawPath(),
              Request.Method.valueOf(request.method().name()),
              actual.build());
      if (report.hasErrors()) {
        throw new AssertionError(
            "The response to "
                + request.method()
                + " "
                + request.url()
                + " does not conform to "
                + DOCUMENT
                + ":\n"
                + SimpleValidationReportFormat.getInstance().apply(report)
                + "\nstatus "
                + response.statusCode().value()
                + ", headers "
                + response.headers().asHttpHeaders()
                + ", body:\n"
                + new String(body, StandardCharsets.UTF_8));
      }
    }

    /** The validator of the server {@code request} went to, its document fetched only once. */
    private Mono<OpenApiInteractionValidator> validator(URI request) {
      if (validator.get() == null) {
        validator.compareAndSet(
            null,
            WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build()
                .get()
                .uri(request.resolve(DOCUMENT))
                .retrieve()
                .bodyToMono(String.class)
                .map(OpenApiConformance::validatorFor)
                .cache());
      }
      return validator.get();
    }

    private static OpenApiInteractionValidator validatorFor(String document) {
      return OpenApiInteractionValidator.createForInlineApiSpecification(document)
          .withLevelResolver(
              LevelResolver.create()
                  .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                  .withLevel(
                      "validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                  .build())
          .build();
    }
  }

  /**
   * Points a test class's application at the shared infrastructure: {@code spring.mongodb.uri} with
   * a database, and {@code ticket-api.kafka.bootstrap-servers} with a topic, both named after the
   * test class, so classes never see each other's data. Takes precedence over every other source.
   */
  class SharedInfrastructureProperties implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
        Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
      return new PerTestClass(testClass);
    }

    /** The names one test class uses; equal per class, so Spring caches one context per class. */
    record PerTestClass(Class<?> testClass) implements ContextCustomizer {

      String database() {
        return "ticket-api-" + slug();
      }

      String topic() {
        return "ticket-events-" + slug();
      }

      @Override
      public void customizeContext(
          ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Map<String, Object> properties =
            new LinkedHashMap<>(TestInfrastructure.ticketApiProperties(database(), topic()));
        context
            .getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("shared-infrastructure", properties));
      }

      private String slug() {
        return testClass.getSimpleName().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
      }
    }
  }
}
