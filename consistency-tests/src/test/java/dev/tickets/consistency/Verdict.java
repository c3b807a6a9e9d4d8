package dev.tickets.consistency;

import java.util.List;

/** What the checker found: the violated rules (none when the history is consistent) and the figures. */
record Verdict(List<String> violations, Figures figures) {

  boolean consistent() {
    return violations.isEmpty();
  }
}
