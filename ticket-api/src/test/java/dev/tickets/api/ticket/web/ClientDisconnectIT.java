package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.testkit.BearerTokens;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A client that resets its connection mid-request is no server fault: nothing at ERROR. */
@TicketApiIntegrationTest
class ClientDisconnectIT {

  @LocalServerPort int port;

  @Autowired JwtProperties jwt;

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void release() {
    root.detachAppender(logged);
  }

  @Test
  void aResetMidBodyIsNotLoggedAsAnError() throws Exception {
    resetAfterSending("{\"title\": \"Half", 1000, 100);

    assertThat(errorsLogged()).isEmpty();
  }

  /** POSTs and PUTs that send {@code body} and then reset the connection, 20 times. */
  private void resetAfterSending(String body, int contentLength, long pauseMillis)
      throws Exception {
    String bearer = "Bearer " + BearerTokens.hs256(jwt.secret(), "alice");
    for (String method :
        List.of("POST /api/tickets", "PUT /api/tickets/0123456789abcdef01234567")) {
      for (int attempt = 0; attempt < 10; attempt++) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          OutputStream out = socket.getOutputStream();
          out.write(
              (method
                      + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                      + bearer
                      + "\r\nIf-Match: \"0\"\r\nContent-Type: application/json\r\nContent-Length: "
                      + contentLength
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(pauseMillis);
          socket.setSoLinger(true, 0); // close with a reset, not a graceful FIN
        }
      }
    }
    Thread.sleep(Duration.ofSeconds(1).toMillis());
  }

  private List<String> errorsLogged() {
    return logged.list.stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
        .toList();
  }
}
