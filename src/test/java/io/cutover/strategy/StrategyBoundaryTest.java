package io.cutover.strategy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A strategy plugin sees only the plugin interface and the config records: that is what makes "a
 * new strategy is one new folder under strategies/" true.
 */
class StrategyBoundaryTest {

  @Test
  void everyStrategyPluginDependsOnlyOnThePluginInterface() throws IOException {
    List<String> pluginPackages = pluginPackages();
    assertTrue(
        pluginPackages.contains("io.cutover.strategies.bluegreen"), pluginPackages.toString());
    JavaClasses plugins =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(pluginPackages.toArray(String[]::new));
    assertTrue(plugins.size() >= pluginPackages.size(), "plugin classes found: " + plugins.size());
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.cutover.strategy..",
            "io.cutover.config..",
            "io.cutover.routing",
            "java..",
            "jakarta.enterprise.context..",
            "jakarta.inject..")
        .because("a strategy only plans; the executor acts")
        .check(plugins);
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
