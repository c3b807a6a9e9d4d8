package dev.tickets.local;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last version the load generator knows for each pool ticket, shared by all connections and
 * learnt from 200 answers ({@code version}) and 412 answers ({@code currentVersion}); it only grows.
 */
final class KnownVersions {

  private final AtomicLongArray versions;

  KnownVersions(int tickets) {
    this.versions = new AtomicLongArray(tickets);
  }

  long get(int ticket) {
    return versions.get(ticket);
  }

  void saw(int ticket, long version) {
    if (version >= 0) {
      versions.accumulateAndGet(ticket, version, Math::max);
    }
  }
}
