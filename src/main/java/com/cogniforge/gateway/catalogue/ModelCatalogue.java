package com.cogniforge.gateway.catalogue;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every model the gateway knows: the shipped catalogue ({@code model-catalogue.tsv}, list prices
 * and context windows of the popular models of OpenAI, Anthropic, Google and the open-weight
 * families; see {@code docs/catalogue/SOURCES.md}), with the lines of the operator's {@code
 * MODEL_CATALOGUE_FILE} added or replacing shipped ones. Read once at start.
 */
@ApplicationScoped
public class ModelCatalogue {

  private static final Logger LOG = Logger.getLogger(ModelCatalogue.class.getName());
  static final String SHIPPED = "model-catalogue.tsv";

  @Inject
  @ConfigProperty(name = "MODEL_CATALOGUE_FILE")
  Optional<String> operatorFile;

  private volatile Map<String, CatalogueEntry> entries = Map.of();

  @PostConstruct
  void load() {
    Map<String, CatalogueEntry> all = new LinkedHashMap<>(shipped());
    if (operatorFile.isPresent() && !operatorFile.get().isBlank()) {
      Path path = Path.of(operatorFile.get().trim());
      try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        CatalogueFile.Parsed parsed = CatalogueFile.read(reader, "MODEL_CATALOGUE_FILE");
        all.putAll(parsed.entries());
        parsed.problems().forEach(LOG::warning);
        LOG.info(
            "model catalogue: " + parsed.entries().size() + " entries from MODEL_CATALOGUE_FILE");
      } catch (IOException | RuntimeException unreadable) {
        LOG.warning(
            "MODEL_CATALOGUE_FILE cannot be read ("
                + unreadable.getClass().getSimpleName()
                + "): the shipped catalogue serves alone");
      }
    }
    entries = Map.copyOf(all);
  }

  /** The shipped catalogue with {@code overrides} (the file format) on top, outside a container. */
  public static ModelCatalogue of(String overrides) {
    ModelCatalogue catalogue = new ModelCatalogue();
    Map<String, CatalogueEntry> all = new LinkedHashMap<>(shipped());
    try {
      all.putAll(
          CatalogueFile.read(
                  new BufferedReader(
                      new StringReader(
                          String.join("\t", CatalogueFile.COLUMNS) + "\n" + overrides)),
                  "overrides")
              .entries());
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    catalogue.entries = Map.copyOf(all);
    return catalogue;
  }

  public Optional<CatalogueEntry> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(entries.get(id));
  }

  public Collection<CatalogueEntry> entries() {
    return entries.values();
  }

  private static Map<String, CatalogueEntry> shipped() {
    try (InputStream in = ModelCatalogue.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("the WAR lacks " + SHIPPED);
      }
      CatalogueFile.Parsed parsed =
          CatalogueFile.read(
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), SHIPPED);
      if (!parsed.problems().isEmpty()) {
        throw new IllegalStateException("the shipped catalogue is broken: " + parsed.problems());
      }
      return parsed.entries();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  /** Ids of the shipped entries, for tests. */
  static List<String> shippedIds() {
    return List.copyOf(shipped().keySet());
  }
}
