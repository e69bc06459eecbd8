package io.cutover.instance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each driver is one package under {@code io.cutover.instance} that sees only the driver interface
 * (and its shared helpers), the config records and the runtime: the Docker and Kubernetes drivers
 * land the same way, and none of them can reach the routing table, releases or the proxy.
 */
class DriverBoundaryTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.cutover");

  private static final String[] DRIVER_MAY_USE = {
    "io.cutover.instance..",
    "io.cutover.config..",
    "java..",
    "jakarta..",
    "io.quarkus..",
    "io.smallrye..",
    "io.vertx..",
    "org.eclipse.microprofile..",
    "org.jboss.logging..",
    "com.fasterxml.jackson.."
  };

  @Test
  void everyDriverPackageDependsOnlyOnTheDriverInterfaceConfigAndRuntime() {
    classes()
        .that()
        .resideInAPackage("io.cutover.instance.*")
        .and()
        .resideOutsideOfPackage("io.cutover.instance.docker")
        .and()
        .resideOutsideOfPackage("io.cutover.instance.kubernetes")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DRIVER_MAY_USE)
        .because("a driver only starts and stops instances; the executor decides")
        .check(MAIN);
  }

  @Test
  void theDockerDriverDependsOnlyOnWhatEveryDriverMayAndItsEngineClient() {
    String[] allowed = java.util.Arrays.copyOf(DRIVER_MAY_USE, DRIVER_MAY_USE.length + 1);
    allowed[DRIVER_MAY_USE.length] = "com.github.dockerjava..";
    classes()
        .that()
        .resideInAPackage("io.cutover.instance.docker")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because("the docker driver talks to the engine through docker-java, and to nothing else")
        .check(MAIN);
  }

  @Test
  void theKubernetesDriverDependsOnlyOnWhatEveryDriverMayAndFabric8() {
    String[] allowed = java.util.Arrays.copyOf(DRIVER_MAY_USE, DRIVER_MAY_USE.length + 1);
    allowed[DRIVER_MAY_USE.length] = "io.fabric8..";
    classes()
        .that()
        .resideInAPackage("io.cutover.instance.kubernetes")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because("the kubernetes driver talks to the API through fabric8, and to nothing else")
        .check(MAIN);
  }

  @Test
  void driversDoNotReachIntoEachOther() {
    for (String driver : driverPackages()) {
      String[] others =
          driverPackages().stream().filter(p -> !p.equals(driver)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(driver)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because("a driver shares code only through io.cutover.instance")
          .check(MAIN);
    }
  }

  @Test
  void theDriverInterfacePackageKnowsNoDriver() {
    noClasses()
        .that()
        .resideInAPackage("io.cutover.instance")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.cutover.instance.*")
        .check(MAIN);
  }

  @Test
  void theProcessStaticDockerAndKubernetesDriversHaveAPackageEach() {
    assertTrue(
        driverPackages()
            .containsAll(
                List.of(
                    "io.cutover.instance.process",
                    "io.cutover.instance.staticdriver",
                    "io.cutover.instance.docker",
                    "io.cutover.instance.kubernetes")),
        driverPackages().toString());
  }

  private static List<String> driverPackages() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : MAIN) {
      if (c.getPackageName().startsWith("io.cutover.instance.")) {
        packages.add(c.getPackageName());
      }
    }
    return List.copyOf(packages);
  }
}
