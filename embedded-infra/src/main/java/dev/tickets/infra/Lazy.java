package dev.tickets.infra;

import java.util.Optional;
import java.util.function.Supplier;

/** A value created on first {@link #get()}, at most once, under this object's lock. */
final class Lazy<T> {

  private final Supplier<T> factory;
  private T value;

  Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  synchronized T get() {
    if (value == null) {
      value = factory.get();
    }
    return value;
  }

  /** The value if {@link #get()} created it, without creating it. */
  synchronized Optional<T> ifCreated() {
    return Optional.ofNullable(value);
  }
}
