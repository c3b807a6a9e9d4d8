package dev.tickets.projector.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Store or log outages: retried with backoff without limit and logged; nothing else is retried. */
final class OutageRetry {

  private static final Logger log = LoggerFactory.getLogger(OutageRetry.class);

  private final ProjectionSettings settings;

  OutageRetry(ProjectionSettings settings) {
    this.settings = settings;
  }

  <T> Mono<T> retried(Mono<T> work, String what) {
    return work.retryWhen(
        Retry.backoff(Long.MAX_VALUE, settings.initialBackoff())
            .maxBackoff(settings.maxBackoff())
            .filter(InfrastructureUnavailable.class::isInstance)
            .doBeforeRetry(
                signal ->
                    log.warn(
                        "Retrying {}, attempt {}: {}",
                        what,
                        signal.totalRetries() + 1,
                        signal.failure().toString())));
  }
}
