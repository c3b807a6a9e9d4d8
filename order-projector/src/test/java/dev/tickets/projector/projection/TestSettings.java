package dev.tickets.projector.projection;

import java.time.Duration;

/** Projection settings for unit tests: the given timing, with the bounds a small deployment uses. */
public final class TestSettings {

  private TestSettings() {
  }

  public static ProjectionSettings of(Duration gapTimeout, Duration initialBackoff,
      Duration maxBackoff) {
    return new ProjectionSettings(gapTimeout, initialBackoff, maxBackoff, 4, 500, 10_000);
  }
}
