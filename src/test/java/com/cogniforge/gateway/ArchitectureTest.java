package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps the packages layered: a package may use the packages below it in {@link #LAYERS}, never one
 * above it or beside it. A new back-edge fails this test with the classes that make it.
 */
class ArchitectureTest {

  private static final String ROOT = "com.cogniforge.gateway";

  /**
   * Top to bottom. Packages on one line are peers: independent of each other. The root package (the
   * application class and plumbing shared by all) is below everything.
   */
  static final List<List<String>> LAYERS =
      List.of(
          List.of("console"),
          List.of("api"),
          List.of("admission"),
          List.of("relay"),
          List.of("monitoring", "reports"),
          List.of("cache", "resilience"),
          List.of("keys"),
          List.of("budget"),
          List.of("routing"),
          List.of("providers"),
          List.of("catalogue"),
          List.of("usage", "conversations"),
          List.of("security"),
          List.of("settings"),
          List.of("cluster", "database", "http"),
          List.of(""));

  private static final Path SOURCES = Path.of("src/main/java/com/cogniforge/gateway");

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyPackageHasALayer() {
    TreeSet<String> unplaced = new TreeSet<>();
    for (JavaClass type : MAIN) {
      if (layerOf(type).isEmpty()) {
        unplaced.add(type.getPackageName());
      }
    }
    assertEquals(new TreeSet<>(), unplaced, "packages missing from ArchitectureTest.LAYERS");
  }

  @Test
  void everyPackageSaysWhatItOwns() {
    TreeSet<String> silent = new TreeSet<>();
    for (List<String> layer : LAYERS) {
      for (String component : layer) {
        Path info = SOURCES.resolve(component).resolve("package-info.java");
        if (!component.isEmpty() && !Files.exists(info)) {
          silent.add(component);
        }
      }
    }
    assertEquals(new TreeSet<>(), silent, "packages without a package-info.java");
  }

  @Test
  void packagesOnlyUseTheLayersBelowThem() {
    TreeSet<String> backEdges = new TreeSet<>();
    for (JavaClass type : MAIN) {
      int from = layerOf(type).orElse(-1);
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        if (!target.getPackageName().startsWith(ROOT)) {
          continue;
        }
        String fromComponent = componentOf(type);
        String toComponent = componentOf(target);
        int to = layerOf(target).orElse(-1);
        if (!fromComponent.equals(toComponent) && to <= from) {
          backEdges.add(
              fromComponent
                  + " -> "
                  + toComponent
                  + " ("
                  + type.getSimpleName()
                  + " uses "
                  + target.getSimpleName()
                  + ")");
        }
      }
    }
    assertTrue(backEdges.isEmpty(), "dependencies against the layering:\n" + backEdges);
  }

  @Test
  void noPackageCycles() {
    SlicesRuleDefinition.slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /** The top-level package below the root: {@code relay} for {@code ...gateway.relay.x}. */
  private static String componentOf(JavaClass type) {
    String name = type.getPackageName();
    if (name.equals(ROOT)) {
      return "";
    }
    String rest = name.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Index in LAYERS, 0 at the top: a dependency must point to a larger index. */
  private static Optional<Integer> layerOf(JavaClass type) {
    String component = componentOf(type);
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(component)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
