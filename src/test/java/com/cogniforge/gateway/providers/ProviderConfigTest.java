package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {

  private static final Provider.Timeouts DEFAULTS =
      new Provider.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));

  private final Map<String, String> env = new HashMap<>();

  private ProviderConfig.Result read() {
    return ProviderConfig.read(key -> Optional.ofNullable(env.get(key)), DEFAULTS);
  }

  @Test
  void theIssuesExampleReadsAsThreeProvidersInFailoverOrder() {
    env.put("PROVIDERS", "alpha, claude,backup");
    env.put("PROVIDER_ALPHA_KIND", "openai");
    env.put("PROVIDER_ALPHA_BASE_URL", "http://127.0.0.1:8000/v1");
    env.put("PROVIDER_ALPHA_API_KEY", "sk-alpha");
    env.put("PROVIDER_ALPHA_MODELS", "openai/gpt-4o-mini,shared-model");
    env.put("PROVIDER_CLAUDE_KIND", "anthropic");
    env.put("PROVIDER_CLAUDE_MODELS", "anthropic/claude-sonnet-4=claude-sonnet-4-20250514");
    env.put("PROVIDER_BACKUP_BASE_URL", "http://127.0.0.1:9000/v1");
    env.put("PROVIDER_BACKUP_MODELS", "shared-model");
    env.put("PROVIDER_BACKUP_HEADERS", "HTTP-Referer: https://example.org; X-Title: demo");
    env.put("PROVIDER_BACKUP_FIRST_TOKEN_TIMEOUT_MS", "1500");

    ProviderConfig.Result result = read();
    assertEquals(List.of(), result.problems());
    List<Provider> providers = result.providers();
    assertEquals(
        List.of("alpha", "claude", "backup"), providers.stream().map(Provider::name).toList());

    Provider alpha = providers.get(0);
    assertEquals(ProviderKind.OPENAI, alpha.kind());
    assertEquals(Optional.of("sk-alpha"), alpha.apiKey());
    assertTrue(alpha.serves("shared-model"));
    assertEquals("shared-model", alpha.upstreamName("shared-model", id -> Optional.empty()));

    Provider claude = providers.get(1);
    assertEquals("https://api.anthropic.com", claude.baseUrl(), "the vendor's default");
    assertEquals(
        "claude-sonnet-4-20250514",
        claude.upstreamName("anthropic/claude-sonnet-4", id -> Optional.of("catalogue-name")),
        "the operator's mapping wins");

    Provider backup = providers.get(2);
    assertEquals(ProviderKind.OPENAI, backup.kind(), "openai when no kind is given");
    assertEquals(
        Map.of("HTTP-Referer", "https://example.org", "X-Title", "demo"), backup.headers());
    assertEquals(Duration.ofMillis(1500), backup.timeouts().firstToken());
    assertEquals(Duration.ofSeconds(60), backup.timeouts().idle(), "the gateway's default");
    assertFalse(backup.toString().contains("sk-"), "the key is never in toString");
  }

  @Test
  void aVendorProviderCallsAnUnmappedModelByTheCataloguesNativeName() {
    env.put("PROVIDERS", "claude");
    env.put("PROVIDER_CLAUDE_KIND", "anthropic");
    env.put("PROVIDER_CLAUDE_MODELS", "anthropic/claude-3.5-sonnet");
    Provider claude = read().providers().get(0);
    assertEquals(
        "claude-3-5-sonnet-20241022",
        claude.upstreamName(
            "anthropic/claude-3.5-sonnet", id -> Optional.of("claude-3-5-sonnet-20241022")));
  }

  @Test
  void theKeyMayComeFromAFileAndIsNeverShownWhenTheFileIsMissing(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("alpha");
    Files.writeString(secret, "sk-from-file\n");
    env.put("PROVIDERS", "alpha,beta");
    env.put("PROVIDER_ALPHA_BASE_URL", "http://127.0.0.1:1/v1");
    env.put("PROVIDER_ALPHA_MODELS", "m");
    env.put("PROVIDER_ALPHA_API_KEY_FILE", secret.toString());
    env.put("PROVIDER_BETA_BASE_URL", "http://127.0.0.1:1/v1");
    env.put("PROVIDER_BETA_MODELS", "m");
    env.put("PROVIDER_BETA_API_KEY_FILE", dir.resolve("missing").toString());
    ProviderConfig.Result result = read();
    assertEquals(Optional.of("sk-from-file"), result.providers().get(0).apiKey());
    assertEquals(1, result.providers().size(), "beta is left out");
    assertTrue(result.problems().get(0).contains("API_KEY_FILE cannot be read"));
  }

  @Test
  void aBrokenProviderIsLeftOutWithAReasonAndTheOthersServe() {
    env.put("PROVIDERS", "good,nokind,nomodels,badurl,bad name,good");
    env.put("PROVIDER_GOOD_BASE_URL", "http://127.0.0.1:1/v1");
    env.put("PROVIDER_GOOD_MODELS", "m");
    env.put("PROVIDER_NOKIND_KIND", "cohere");
    env.put("PROVIDER_NOKIND_MODELS", "m");
    env.put("PROVIDER_NOMODELS_BASE_URL", "http://127.0.0.1:1/v1");
    env.put("PROVIDER_BADURL_BASE_URL", "file:///etc/passwd");
    env.put("PROVIDER_BADURL_MODELS", "m");
    ProviderConfig.Result result = read();
    assertEquals(List.of("good"), result.providers().stream().map(Provider::name).toList());
    String problems = String.join("\n", result.problems());
    assertTrue(problems.contains("PROVIDER_NOKIND_KIND must be one of"), problems);
    assertTrue(problems.contains("PROVIDER_NOMODELS_MODELS lists no model"), problems);
    assertTrue(problems.contains("PROVIDER_BADURL_BASE_URL must be an http(s) URL"), problems);
    assertTrue(problems.contains("'bad name' is not a provider name"), problems);
    assertTrue(problems.contains("good is listed twice"), problems);
  }

  @Test
  void headersThatWouldBreakTheCallAreRefused() {
    env.put("PROVIDERS", "a,b");
    env.put("PROVIDER_A_MODELS", "m");
    env.put("PROVIDER_A_HEADERS", "Host: evil.example");
    env.put("PROVIDER_B_MODELS", "m");
    env.put("PROVIDER_B_HEADERS", "X-Ok: fine\u0000bad");
    ProviderConfig.Result result = read();
    assertEquals(List.of(), result.providers());
    assertEquals(2, result.problems().size(), result.problems().toString());
  }

  @Test
  void withoutProvidersNothingIsConfiguredAndTheDefaultProviderServes() {
    assertEquals(List.of(), read().providers());
    assertEquals(List.of(), read().problems());
  }
}
