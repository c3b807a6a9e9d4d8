package dev.tickets.api.ticket.web;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Hooks;

/**
 * Errors Reactor drops after a request ended (its default logs each at ERROR with a stack trace): a
 * client that reset its connection mid-request is no server fault and is logged at DEBUG; any other
 * dropped error still at ERROR. {@link ProblemAdvice} does the same for errors that reach a
 * handler.
 *
 * <p>Reactor's hook is global and cumulative, so it is installed once per JVM (several application
 * contexts, as in tests, share it) and left in place.
 */
@Component
class ClientDisconnects implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ClientDisconnects.class);
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  @Override
  public void afterPropertiesSet() {
    if (INSTALLED.compareAndSet(false, true)) {
      Hooks.onErrorDropped(ClientDisconnects::dropped);
    }
  }

  static void dropped(Throwable error) {
    if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
      log.debug("Client went away: {}", error.toString());
    } else {
      log.error("Error dropped after its request ended", error);
    }
  }
}
