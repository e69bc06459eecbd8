package io.cutover.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages draw as layers (ARCHITECTURE.md): no two of them depend on each other, however
 * indirectly. A new edge that closes a circle fails here, naming it.
 */
class PackageCyclesTest {

  @Test
  void thePackagesAreFreeOfCycles() {
    JavaClasses gateway =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cutover");
    slices()
        .matching("io.cutover.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package may use the layers below it, never one that uses it")
        .check(gateway);
  }
}
