package dev.tickets.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tickets.api.ticket.TicketService;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md and STYLE.md's boundaries, checked on ticket-api's classes: the feature's domain (the
 * ticket package, its idempotency and outbox packages) uses no web, MongoDB or Kafka types and none
 * of its adapters (web, mongo, kafka); packages form no cycles.
 */
class ArchitectureTests {

  private static final JavaClasses TICKET_API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tickets.api");

  @Test
  void theDomainUsesNoWebMongoDbOrKafkaTypes() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.tickets.api.ticket",
            "dev.tickets.api.ticket.idempotency",
            "dev.tickets.api.ticket.outbox")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.web..",
            "org.springframework.http..",
            "org.springframework.data.mongodb..",
            "com.mongodb..",
            "org.bson..",
            "org.apache.kafka..",
            "reactor.kafka..")
        .check(TICKET_API);
  }

  @Test
  void theDomainDoesNotReachIntoItsAdapters() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.tickets.api.ticket",
            "dev.tickets.api.ticket.idempotency",
            "dev.tickets.api.ticket.outbox")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tickets.api.ticket.web..",
            "dev.tickets.api.ticket.mongo..",
            "dev.tickets.api.ticket.kafka..")
        .check(TICKET_API);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.tickets.(**)").should().beFreeOfCycles().check(TICKET_API);
  }

  @Test
  void theRulesSeeTheApplication() {
    assertThat(TICKET_API.contain(TicketService.class)).isTrue();
  }
}
