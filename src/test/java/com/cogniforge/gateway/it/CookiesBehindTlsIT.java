package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's session cookie on a gateway started by {@code scripts/run}: {@code Secure} when the
 * request came through a proxy that terminated TLS ({@code X-Forwarded-Proto: https}), not on plain
 * http (development on loopback, where a Secure cookie would never be sent back).
 */
class CookiesBehindTlsIT {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Test
  void theSessionCookieIsSecureBehindTlsOnly() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "cookies");
    try (GatewayProcess gateway =
        GatewayProcess.startScript(GatewayProcess.freePort(), data, Map.of())) {
      List<String> behindTls = loginCookies(gateway, "https");
      assertFalse(behindTls.isEmpty(), "a session cookie is set at login");
      for (String cookie : behindTls) {
        assertTrue(cookie.matches("(?i).*;\\s*Secure\\b.*"), cookie);
        assertTrue(cookie.matches("(?i).*;\\s*HttpOnly\\b.*"), cookie);
      }
      List<String> plain = loginCookies(gateway, null);
      assertFalse(plain.isEmpty(), "a session cookie is set at login");
      for (String cookie : plain) {
        assertFalse(cookie.matches("(?i).*;\\s*Secure\\b.*"), cookie);
      }
    }
  }

  /** The CF_SESSION cookies set while logging in, as a browser behind the given proxy would. */
  private static List<String> loginCookies(GatewayProcess gateway, String forwardedProto)
      throws Exception {
    List<String> cookies = new ArrayList<>();
    HttpResponse<String> page = send(gateway, forwardedProto, null, null);
    cookies.addAll(sessionCookies(page));
    Matcher token = CSRF.matcher(page.body());
    assertTrue(token.find(), page.body());
    String session = cookies.isEmpty() ? null : cookies.get(0).split(";", 2)[0];
    String form =
        "user="
            + Http.ADMIN_USER
            + "&password="
            + URLEncoder.encode(Http.ADMIN_PASSWORD, StandardCharsets.UTF_8)
            + "&next=%2Fadmin%2Fstatus&_csrf="
            + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> login = send(gateway, forwardedProto, session, form);
    assertEquals(3, login.statusCode() / 100, login.body());
    assertTrue(
        login.headers().firstValue("Location").orElse("").endsWith("/admin/status"),
        "logged in: " + login.headers().map());
    cookies.addAll(sessionCookies(login));
    return cookies;
  }

  private static HttpResponse<String> send(
      GatewayProcess gateway, String forwardedProto, String cookie, String form) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.base.resolve("admin/login")).timeout(Duration.ofSeconds(30));
    if (forwardedProto != null) {
      request.header("X-Forwarded-Proto", forwardedProto);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (form != null) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> sessionCookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("CF_SESSION="))
        .toList();
  }
}
