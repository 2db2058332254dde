package com.cogniforge.gateway.providers;

import java.util.Locale;
import java.util.Optional;

/**
 * The wire formats the gateway speaks to providers. {@code openai} is any OpenAI-compatible server
 * (OpenAI, OpenRouter, vLLM, Ollama, llama.cpp, Groq, Together, Azure OpenAI's compatible
 * endpoint...); the others are the vendors' own APIs.
 */
public enum ProviderKind {
  OPENAI,
  ANTHROPIC,
  /** Google's Gemini API (generateContent), not its OpenAI-compatible endpoint. */
  GEMINI;

  /** How requests and streams of this kind are written and read. */
  public ProviderWire wire() {
    return switch (this) {
      case OPENAI -> OpenAiCompatibleWire.INSTANCE;
      case ANTHROPIC -> AnthropicWire.INSTANCE;
      case GEMINI -> GeminiWire.INSTANCE;
    };
  }

  /** Where this kind's vendor serves, when {@code PROVIDER_<NAME>_BASE_URL} is not set. */
  public String defaultBaseUrl() {
    return switch (this) {
      case OPENAI -> "https://api.openai.com/v1";
      case ANTHROPIC -> "https://api.anthropic.com";
      case GEMINI -> "https://generativelanguage.googleapis.com";
    };
  }

  /** The kind as {@code PROVIDER_<NAME>_KIND} spells it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProviderKind> named(String name) {
    for (ProviderKind kind : values()) {
      if (kind.key().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
