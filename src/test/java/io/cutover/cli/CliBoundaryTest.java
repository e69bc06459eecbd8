package io.cutover.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cutover.config.ClosestKey;
import io.cutover.config.DataDir;
import org.junit.jupiter.api.Test;

/**
 * The client runs from its own small jar without Quarkus: it may use only its own package, the
 * plain classes the pom packs beside it ({@code cutover-cli.jar}'s includes), picocli, Jackson and
 * the JDK. A gateway class used here would be missing at run time, on whichever path first loads
 * it.
 */
class CliBoundaryTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.cutover");

  @Test
  void theClientUsesOnlyWhatItsJarCarries() {
    classes()
        .that()
        .resideInAPackage("io.cutover.cli..")
        .should()
        .onlyDependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "in io.cutover.cli, packed into the client jar, picocli, Jackson or the JDK",
                type ->
                    type.getPackageName().startsWith("io.cutover.cli")
                        || type.isEquivalentTo(ClosestKey.class)
                        || type.isEquivalentTo(DataDir.class)
                        || type.getPackageName().startsWith("picocli")
                        || type.getPackageName().startsWith("com.fasterxml.jackson")
                        || type.getPackageName().startsWith("java")
                        || type.isPrimitive()
                        || type.isArray()))
        .check(MAIN);
  }
}
