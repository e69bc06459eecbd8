package io.cutover.strategy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A strategy plugin sees only its own package, the plugin interface (io.cutover.strategy, not its
 * registry) and the config records it reads: it cannot inject the route table, the executor or
 * another plugin. With the build's glob over strategies/*, that is what makes "a new strategy is
 * one new folder under strategies/" true.
 */
class StrategyBoundaryTest {
  private static final String SPI = "io.cutover.strategy";

  @Test
  void everyStrategyPluginDependsOnlyOnThePluginInterface() throws IOException {
    List<String> pluginPackages = pluginPackages();
    assertTrue(
        pluginPackages.contains("io.cutover.strategies.bluegreen"), pluginPackages.toString());
    for (String pkg : pluginPackages) {
      JavaClasses plugin =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages(pkg);
      assertTrue(plugin.size() >= 1, "plugin classes found in " + pkg + ": " + plugin.size());
      classes()
          .should()
          .onlyDependOnClassesThat(
              resideInAnyPackage(pkg, SPI, "java..", "jakarta.enterprise.context")
                  .or(configRecords()))
          .because(
              "a strategy only plans: it sees its own package, the SPI and the config it reads")
          .check(plugin);
    }
  }

  @Test
  void theRegistryIsOutsideTheSpiPackage() {
    JavaClasses spi =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SPI);
    classes()
        .that()
        .resideInAPackage(SPI)
        .should()
        .notBeAnnotatedWith("jakarta.enterprise.context.ApplicationScoped")
        .because("the SPI is what a plugin implements, not a bean it could inject")
        .check(spi);
  }

  /**
   * The service config a plugin reads through DeployContext: records and enums of
   * io.cutover.config, never its beans (the catalog, the folder watch).
   */
  private static DescribedPredicate<JavaClass> configRecords() {
    return resideInAPackage("io.cutover.config")
        .and(DescribedPredicate.describe("a record or enum", c -> c.isRecord() || c.isEnum()));
  }

  @Test
  void everyStrategyFolderHoldsAPluginFoundByName() throws IOException {
    for (String pkg : pluginPackages()) {
      String simple = pkg.substring(pkg.lastIndexOf('.') + 1);
      JavaClasses classes = new ClassFileImporter().importPackages(pkg);
      assertTrue(
          classes.stream().anyMatch(c -> c.isAssignableTo(DeployStrategy.class)),
          "strategies/" + simple + " has no DeployStrategy");
    }
  }

  /** One package per folder under strategies/, named after it. */
  private static List<String> pluginPackages() throws IOException {
    try (Stream<Path> folders = Files.list(Path.of("strategies"))) {
      return folders
          .filter(dir -> Files.isDirectory(dir.resolve("src/main/java")))
          .map(dir -> "io.cutover.strategies." + dir.getFileName())
          .sorted()
          .toList();
    }
  }
}
