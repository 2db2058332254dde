package com.cogniforge.gateway.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Small blocking HTTP helpers for tests, every call bounded in time. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The operator account every test gateway is configured with (arquillian.xml). */
  public static final String ADMIN_USER = "admin";

  public static final String ADMIN_PASSWORD = "it-operator-password";
  public static final String ADMIN_PASSWORD_HASH =
      "PBKDF2WithHmacSHA256:1000:EmdeVvQAooBkkonwGhA0LxlsENXDzZvWDSKQwS1wmsY=:InMRHVwiZE+hnSVYtSH/RQcxmr/5RFDHjctWxworQpM=";

  private Http() {}

  /** A GET as the operator (HTTP Basic), for the admin APIs. */
  public static HttpResponse<String> admin(URI uri) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", basic(ADMIN_USER, ADMIN_PASSWORD))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Changes live settings as the operator ({@code PATCH api/v1/settings}). */
  public static HttpResponse<String> patchSettings(URI base, String json) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(base.resolve("api/v1/settings"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", basic(ADMIN_USER, ADMIN_PASSWORD))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> post(URI uri, String contentType, String body)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public static String quote(String text) {
    return Json.createValue(text).toString();
  }

  public static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** Polls {@code uri} until its JSON satisfies {@code condition}, for at most {@code limit}. */
  public static JsonObject awaitJson(URI uri, Predicate<JsonObject> condition, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      boolean forAdmins =
          uri.getPath().startsWith("/api/v1/usage") || uri.getPath().startsWith("/api/v1/settings");
      last = json((forAdmins ? admin(uri) : get(uri)).body());
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within " + limit + "; last answer: " + last);
  }

  /** The usage record of one request, waiting (bounded) until it has been written. */
  public static JsonObject usageRecord(URI base, String requestId) throws Exception {
    JsonObject usage =
        awaitJson(
            base.resolve("api/v1/usage"),
            json ->
                json.getJsonArray("records").stream()
                    .map(JsonObject.class::cast)
                    .anyMatch(r -> r.getString("request_id").equals(requestId)),
            Duration.ofSeconds(10));
    return usage.getJsonArray("records").stream()
        .map(JsonObject.class::cast)
        .filter(r -> r.getString("request_id").equals(requestId))
        .findFirst()
        .orElseThrow();
  }
}
