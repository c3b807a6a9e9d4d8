package dev.tickets.api.ticket.web;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a {@code PUT}'s {@code If-Match} and {@code If-None-Match} allow, evaluated as RFC 9110
 * section 13.2.2 orders them: the versions the ticket may have for the write to go ahead. Empty
 * when no version can satisfy them (only weak tags, or {@code If-None-Match: *}), so that an
 * existing ticket answers 412.
 *
 * @param versions the allowed versions, in ascending order
 * @param headers the conditions as sent, for the 412's detail
 */
record WritePrecondition(NavigableSet<Long> versions, String headers) {

  WritePrecondition {
    versions = Collections.unmodifiableNavigableSet(new TreeSet<>(versions));
  }

  /** The version to try first: the newest allowed, the likeliest to be current. */
  long newest() {
    return versions.last();
  }

  boolean allows(long version) {
    return versions.contains(version);
  }

  boolean satisfiable() {
    return !versions.isEmpty();
  }
}
