package dev.tickets.local;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One phase's time line in {@link System#nanoTime()}: load runs from {@code loadStart}, what starts
 * before {@code start} is warm-up and not counted, and nothing new starts at or after {@code end}.
 */
record MeasureWindow(long loadStart, long start, long end) {

  static MeasureWindow startingNow(Duration warmUp, Duration measured) {
    long now = System.nanoTime();
    long start = now + warmUp.toNanos();
    return new MeasureWindow(now, start, start + measured.toNanos());
  }

  boolean contains(long nanoTime) {
    return nanoTime - start >= 0 && nanoTime - end < 0;
  }

  double seconds() {
    return (end - start) / 1e9;
  }

  /** Parks the calling thread until {@code nanoTime}; returns at once if it has passed. */
  static void parkUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
