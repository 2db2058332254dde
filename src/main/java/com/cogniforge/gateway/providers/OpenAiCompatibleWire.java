package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.util.function.Consumer;

/**
 * The OpenAI Chat Completions wire format, spoken by most providers: the client's request passes as
 * it was written (only the fields the gateway owns are set), and the provider's chunks come back as
 * they are.
 */
final class OpenAiCompatibleWire implements ProviderWire {

  static final OpenAiCompatibleWire INSTANCE = new OpenAiCompatibleWire();

  private OpenAiCompatibleWire() {}

  @Override
  public HttpRequest.Builder request(Provider provider, String upstreamModel, ChatRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(provider.resolve("/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .header("X-Title", "CogniForge Stream Gateway")
            .POST(HttpRequest.BodyPublishers.ofString(body(upstreamModel, request)));
    provider.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    provider.headers().forEach(builder::setHeader);
    return builder;
  }

  /** The client's options pass through; the fields the gateway owns are set here. */
  static String body(String model, ChatRequest request) {
    JsonObjectBuilder body = JsonText.BUILDERS.createObjectBuilder(request.options());
    JsonArrayBuilder messages = JsonText.BUILDERS.createArrayBuilder();
    for (ChatMessage message : request.messages()) {
      messages.add(message.json()); // as the client wrote it
    }
    body.add("model", model)
        .add("messages", messages)
        .add("stream", true)
        .add("stream_options", JsonText.BUILDERS.createObjectBuilder().add("include_usage", true));
    if (request.maxTokens() != null) {
      // Always set after admission: the cap the budget reserved for, so no call can cost more.
      body.add(request.maxTokensField(), request.maxTokens());
    }
    return JsonText.write(body.build());
  }

  @Override
  public StreamDecoder decoder() {
    return new Decoder();
  }

  /** OpenAI chunks, each decoded as it is; {@code [DONE]} ends the stream. */
  private static final class Decoder implements StreamDecoder {
    private boolean modelKnown;

    @Override
    public boolean decode(String data, Consumer<UpstreamChunk> out) throws UpstreamFailure {
      if (data.equals("[DONE]")) {
        return true;
      }
      if (modelKnown) {
        String text = PlainContentChunk.text(data); // most chunks: text only, read without a parser
        if (text != null) {
          out.accept(UpstreamChunk.ofText(text));
          return false;
        }
      }
      UpstreamChunk chunk = UpstreamChunk.decode(data, !modelKnown);
      if (chunk.model() != null && !chunk.model().isBlank()) {
        modelKnown = true;
      }
      out.accept(chunk);
      return false;
    }
  }
}
