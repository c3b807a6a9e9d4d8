package dev.tickets.consistency;

/** A fault a scenario injects into the running cluster, and the recovery that follows it. */
@FunctionalInterface
interface Fault {

  /** Injects the fault and returns once the recovery (a restart, say) is under way or done. */
  void inject(Cluster cluster) throws Exception;
}
