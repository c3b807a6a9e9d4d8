package dev.tickets.projector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tickets.projector.projection.Projection;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's boundaries, checked on order-projector's classes and its domain module
 * (order-projection): the projection package uses no Spring, MongoDB or Kafka types and none of its
 * adapters; packages form no cycles.
 */
class ArchitectureTests {

  private static final JavaClasses PROJECTOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tickets.projector");

  @Test
  void theDomainUsesNoSpringMongoDbOrKafkaTypes() {
    noClasses()
        .that()
        .resideInAPackage("dev.tickets.projector.projection")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.mongodb..",
            "org.bson..",
            "org.apache.kafka..",
            "reactor.kafka..")
        .check(PROJECTOR);
  }

  @Test
  void theDomainDoesNotReachIntoItsAdapters() {
    noClasses()
        .that()
        .resideInAPackage("dev.tickets.projector.projection")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tickets.projector.projection.web..",
            "dev.tickets.projector.projection.mongo..",
            "dev.tickets.projector.projection.kafka..",
            "dev.tickets.projector.security..")
        .check(PROJECTOR);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.tickets.(**)").should().beFreeOfCycles().check(PROJECTOR);
  }

  @Test
  void theRulesSeeTheDomainModule() {
    assertThat(PROJECTOR.contain(Projection.class)).isTrue();
  }
}
