package dev.tickets.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: shared-model is the event contract and the version rule, shared by both services, with
 * no Spring.
 */
class ArchitectureTests {

  private static final JavaClasses CONTRACT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tickets.events");

  @Test
  void theEventContractImportsNoSpringMongoDbOrKafka() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.mongodb..",
            "org.bson..",
            "org.apache.kafka..",
            "reactor..")
        .check(CONTRACT);
  }

  @Test
  void theRuleSeesTheContract() {
    assertThat(CONTRACT.contain(VersionRule.class)).isTrue();
  }
}
