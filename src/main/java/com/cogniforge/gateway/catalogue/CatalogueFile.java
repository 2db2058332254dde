package com.cogniforge.gateway.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the catalogue's tab-separated format: a header line naming the columns, then one model per
 * line; {@code #} starts a comment line. The shipped file and an operator's file share it, so an
 * operator copies a line to override it. A line that cannot be read is skipped with a problem.
 */
final class CatalogueFile {

  static final List<String> COLUMNS =
      List.of(
          "id",
          "native_name",
          "input",
          "cached_input",
          "cache_write",
          "output",
          "context_window",
          "max_output",
          "capabilities");

  static final Set<String> CAPABILITIES = Set.of("images", "tools", "json_schema", "reasoning");
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
  private static final Pattern NATIVE_NAME = Pattern.compile("[A-Za-z0-9][\\x21-\\x7e]{0,199}");
  private static final int MAX_LINES = 100_000;

  /** The entries read, by id in file order, and the lines that could not be. */
  record Parsed(Map<String, CatalogueEntry> entries, List<String> problems) {}

  private CatalogueFile() {}

  static Parsed read(BufferedReader reader, String source) throws IOException {
    Map<String, CatalogueEntry> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    boolean header = false;
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null && number < MAX_LINES) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (!header) {
        header = true;
        if (!List.of(fields).equals(COLUMNS)) {
          problems.add(source + ": the first line must name the columns " + COLUMNS);
          return new Parsed(Map.of(), problems);
        }
        continue;
      }
      try {
        CatalogueEntry entry = entry(fields);
        entries.put(entry.id(), entry);
      } catch (IllegalArgumentException unreadable) {
        problems.add(source + " line " + number + ": " + unreadable.getMessage());
      }
    }
    return new Parsed(entries, problems);
  }

  static CatalogueEntry entry(String[] fields) {
    if (fields.length != COLUMNS.size()) {
      throw new IllegalArgumentException(
          "expected " + COLUMNS.size() + " tab-separated fields, found " + fields.length);
    }
    String id = fields[0].trim();
    String nativeName = fields[1].trim();
    if (!MODEL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a model id");
    }
    if (!NATIVE_NAME.matcher(nativeName).matches()) {
      throw new IllegalArgumentException(id + ": native_name is not a model name");
    }
    return new CatalogueEntry(
        id,
        nativeName,
        price(fields[2], "input"),
        price(fields[3], "cached_input"),
        price(fields[4], "cache_write"),
        price(fields[5], "output"),
        tokens(fields[6], "context_window"),
        tokens(fields[7], "max_output"),
        capabilities(fields[8]));
  }

  private static double price(String text, String column) {
    String value = text.trim();
    // Plain decimals only: an exponent like 1E-999999999 would be "valid" and absurd.
    if (!value.matches("[0-9]{1,6}(\\.[0-9]{1,8})?")) {
      throw new IllegalArgumentException(column + " must be a USD price per million tokens");
    }
    return Double.parseDouble(value);
  }

  private static int tokens(String text, String column) {
    String value = text.trim();
    if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
      throw new IllegalArgumentException(column + " must be a positive token count");
    }
    return Integer.parseInt(value);
  }

  private static Set<String> capabilities(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Set<String> capabilities = new HashSet<>();
    if (value.equals("-") || value.isEmpty()) {
      return capabilities;
    }
    for (String name : value.split(",")) {
      if (!CAPABILITIES.contains(name.trim())) {
        throw new IllegalArgumentException(
            "capabilities are " + CAPABILITIES + " or -, not " + name.trim());
      }
      capabilities.add(name.trim());
    }
    return capabilities;
  }
}
