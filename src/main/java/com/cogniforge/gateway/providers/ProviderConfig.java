package com.cogniforge.gateway.providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the providers from configuration ({@code PROVIDERS} and {@code PROVIDER_<NAME>_*}, see
 * README). A provider that cannot be read is left out with a problem saying why; the others still
 * serve. Keys come from the environment or a file only, never from the database.
 */
final class ProviderConfig {

  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
  private static final Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9][\\x21-\\x7e]{0,199}");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
  private static final int MAX_KEY_FILE_BYTES = 16 * 1024;

  /** The providers read, and why any were left out. */
  record Result(List<Provider> providers, List<String> problems) {}

  private ProviderConfig() {}

  /**
   * @param config a value by name (environment variable, system property or config file)
   * @param defaults the time-outs of a provider that sets none of its own
   */
  static Result read(Function<String, Optional<String>> config, Provider.Timeouts defaults) {
    List<Provider> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String list = config.apply("PROVIDERS").orElse("").trim();
    if (list.isEmpty()) {
      return new Result(List.of(), List.of());
    }
    List<String> seen = new ArrayList<>();
    for (String raw : list.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches()) {
        problems.add("PROVIDERS: '" + printable(name) + "' is not a provider name");
        continue;
      }
      if (seen.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add("PROVIDERS: " + name + " is listed twice");
        continue;
      }
      seen.add(name.toLowerCase(Locale.ROOT));
      try {
        providers.add(provider(name, config, defaults));
      } catch (IllegalArgumentException unreadable) {
        problems.add("provider " + name + " left out: " + unreadable.getMessage());
      }
    }
    return new Result(List.copyOf(providers), List.copyOf(problems));
  }

  /** The prefix of a provider's variables: {@code PROVIDER_ALPHA_} for {@code alpha}. */
  static String prefix(String name) {
    return "PROVIDER_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }

  private static Provider provider(
      String name, Function<String, Optional<String>> config, Provider.Timeouts defaults) {
    String prefix = prefix(name);
    Function<String, Optional<String>> own =
        key -> config.apply(prefix + key).map(String::trim).filter(value -> !value.isEmpty());
    String kindName = own.apply("KIND").orElse("openai");
    ProviderKind kind =
        ProviderKind.named(kindName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        prefix
                            + "KIND must be one of "
                            + kindNames()
                            + ", not "
                            + printable(kindName)));
    String baseUrl = own.apply("BASE_URL").orElse(kind.defaultBaseUrl());
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw new IllegalArgumentException(prefix + "BASE_URL must be an http(s) URL");
    }
    if (ProviderEndpoint.withoutCredentials(baseUrl).startsWith("(")) {
      throw new IllegalArgumentException(prefix + "BASE_URL is not a URL");
    }
    Optional<String> key = own.apply("API_KEY");
    Optional<String> keyFile = own.apply("API_KEY_FILE");
    if (key.isEmpty() && keyFile.isPresent()) {
      key = Optional.of(readKeyFile(prefix, keyFile.get()));
    }
    return new Provider(
        name,
        kind,
        baseUrl,
        key.filter(value -> !value.isBlank()),
        headers(prefix, own.apply("HEADERS").orElse("")),
        models(prefix, own.apply("MODELS").orElse("")),
        new Provider.Timeouts(
            millis(own, prefix, "CONNECT_TIMEOUT_MS", defaults.connect()),
            millis(own, prefix, "FIRST_TOKEN_TIMEOUT_MS", defaults.firstToken()),
            millis(own, prefix, "IDLE_TIMEOUT_MS", defaults.idle())));
  }

  /** {@code id} or {@code id=provider's-own-name}, comma-separated. */
  static Map<String, String> models(String prefix, String list) {
    Map<String, String> models = new LinkedHashMap<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String id = (eq < 0 ? entry : entry.substring(0, eq)).trim();
      String upstream = eq < 0 ? "" : entry.substring(eq + 1).trim(); // "": not mapped
      if (!MODEL_ID.matcher(id).matches()
          || (eq >= 0 && !UPSTREAM_NAME.matcher(upstream).matches())) {
        throw new IllegalArgumentException(
            prefix + "MODELS: '" + printable(entry) + "' is not a model (id or id=name)");
      }
      models.put(id, upstream);
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException(prefix + "MODELS lists no model");
    }
    return models;
  }

  /** {@code Name: value; Other-Name: value}. */
  static Map<String, String> headers(String prefix, String list) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String raw : list.split(";")) {
      if (raw.isBlank()) {
        continue;
      }
      int colon = raw.indexOf(':');
      String header = colon < 0 ? "" : raw.substring(0, colon).trim();
      String value = colon < 0 ? "" : raw.substring(colon + 1).trim();
      if (!HEADER_NAME.matcher(header).matches() || value.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException(prefix + "HEADERS: expected 'Name: value; Name: value'");
      }
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length") || lower.equals("host") || lower.equals("connection")) {
        throw new IllegalArgumentException(prefix + "HEADERS may not set " + header);
      }
      headers.put(header, value);
    }
    return headers;
  }

  private static Duration millis(
      Function<String, Optional<String>> own, String prefix, String key, Duration otherwise) {
    Optional<String> value = own.apply(key);
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      long ms = Long.parseLong(value.get());
      if (ms < 1 || ms > 3_600_000) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException wrong) {
      throw new IllegalArgumentException(prefix + key + " must be 1 to 3600000 milliseconds");
    }
  }

  private static String readKeyFile(String prefix, String file) {
    try {
      Path path = Path.of(file);
      if (Files.size(path) > MAX_KEY_FILE_BYTES) {
        throw new IllegalArgumentException(prefix + "API_KEY_FILE is too large for a key");
      }
      return Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException unreadable) {
      if (unreadable instanceof IllegalArgumentException known
          && known.getMessage() != null
          && known.getMessage().startsWith(prefix)) {
        throw known;
      }
      // The path may be shown; the file's content never is.
      throw new IllegalArgumentException(prefix + "API_KEY_FILE cannot be read");
    }
  }

  private static String kindNames() {
    StringBuilder names = new StringBuilder();
    for (ProviderKind kind : ProviderKind.values()) {
      names.append(names.isEmpty() ? "" : ", ").append(kind.key());
    }
    return names.toString();
  }

  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
