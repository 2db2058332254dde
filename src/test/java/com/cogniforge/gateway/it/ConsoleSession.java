package com.cogniforge.gateway.it;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for the console: keeps cookies, does not follow redirects (tests look
 * at them), and remembers the CSRF token of the last page it read so that forms can be posted.
 */
final class ConsoleSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  final URI base;
  final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String csrf;

  ConsoleSession(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return remember(response);
  }

  /** Posts a form with the last page's CSRF token (unless {@code withToken} is false). */
  HttpResponse<String> post(String path, Map<String, String> form, boolean withToken)
      throws Exception {
    Map<String, String> fields = new LinkedHashMap<>(form);
    if (withToken) {
      fields.put("_csrf", csrf);
    }
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      body.append(body.length() == 0 ? "" : "&")
          .append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return remember(response);
  }

  /** Keeps the CSRF token of a page for the next form. */
  private HttpResponse<String> remember(HttpResponse<String> response) {
    Matcher token = CSRF.matcher(response.body());
    if (token.find()) {
      csrf = token.group(1);
    }
    return response;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in as the tests' operator; returns the answer to the login form. */
  HttpResponse<String> login(String password) throws Exception {
    get("admin/login");
    return post(
        "admin/login",
        Map.of("user", Http.ADMIN_USER, "password", password, "next", "/admin/status"),
        true);
  }

  String csrf() {
    return csrf;
  }

  Optional<String> sessionId() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("CF_SESSION"))
        .map(HttpCookie::getValue)
        .findFirst();
  }
}
