package dev.tickets.consistency;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the checker reads after a scenario, for the scenario's tickets.
 *
 * @param tickets the tickets the scenario created
 * @param history every write attempted, with its answer
 * @param source ticket-api's tickets by id
 * @param log every record of {@code ticket-events} about those tickets
 * @param replica order-projector's replicas by id
 * @param parked records about those tickets on the dead-letter topic
 * @param transitions every replica write the database carried out for those tickets, in order
 */
record Observations(Set<String> tickets, List<Attempt> history, Map<String, TicketState> source,
    List<LoggedEvent> log, Map<String, TicketState> replica, List<ParkedEvent> parked,
    List<Transition> transitions) {
}
