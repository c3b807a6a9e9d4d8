package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;

/** How unexpected failures are logged: a client that went away is not a server fault. */
class ProblemAdviceTests {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ProblemAdvice.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final MockServerWebExchange exchange =
      MockServerWebExchange.from(
          MockServerHttpRequest.put("/api/tickets/65a1b2c3d4e5f60718293a4b"));

  @BeforeEach
  void capture() {
    logger.setLevel(Level.DEBUG);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
    logger.setLevel(null);
  }

  @Test
  void logsAClientThatWentAwayAtDebugWithoutAStackTraceAndAnswersNothing() {
    StepVerifier.create(
            new ProblemAdvice()
                .unexpected(
                    new AbortedException("Connection has been closed BEFORE send operation"),
                    exchange))
        .verifyComplete();
    StepVerifier.create(
            new ProblemAdvice().unexpected(new IOException("Connection reset by peer"), exchange))
        .verifyComplete();

    assertThat(logged.list)
        .hasSize(2)
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(event.getThrowableProxy()).isNull();
              assertThat(event.getFormattedMessage())
                  .startsWith("Client went away during PUT /api/tickets/");
            });
  }

  @Test
  void logsAnyOtherFailureAtErrorWithItsStackTrace() {
    var answer = new ProblemAdvice().unexpected(new IllegalStateException("bug"), exchange).block();

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getThrowableProxy().getMessage()).isEqualTo("bug");
            });
  }
}
