package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A gateway started without ADMIN_PASSWORD_HASH generates the operator password once and prints it
 * once; the password and the settings changed at run time survive a restart on the same data.
 */
class OperatorAccountIT {

  private static final Pattern BANNER =
      Pattern.compile("password \\(shown only this once\\): (\\S+)");

  private static HttpResponse<String> as(URI uri, String password) throws Exception {
    return Http.send(
        HttpRequest.newBuilder(uri).header("Authorization", Http.basic("admin", password)).build());
  }

  @Test
  void generatedPasswordAndSettingsSurviveARestart() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "operator");
    int port = GatewayProcess.freePort();
    Map<String, String> env = Map.of("ADMIN_PASSWORD_HASH", "", "SIM_TTFT_MS", "10");
    String password;
    try (GatewayProcess gateway = GatewayProcess.start(port, data, env)) {
      Matcher banner = BANNER.matcher(Files.readString(GatewayProcess.log(data).toPath()));
      assertTrue(banner.find(), "the generated password is printed at the first start");
      password = banner.group(1);
      assertTrue(password.length() >= 20);
      URI settings = gateway.base.resolve("api/v1/settings");
      assertEquals(401, as(settings, password + "x").statusCode());
      assertEquals(401, as(settings, Http.ADMIN_PASSWORD).statusCode(), "no fixed password works");
      assertEquals(200, as(settings, password).statusCode());
      HttpResponse<String> changed =
          Http.send(
              HttpRequest.newBuilder(settings)
                  .header("Authorization", Http.basic("admin", password))
                  .header("Content-Type", "application/json")
                  .method(
                      "PATCH",
                      HttpRequest.BodyPublishers.ofString(
                          "{\"LLM_DAILY_BUDGET\":\"42\",\"FAST_MODEL\":\"sim/kept\"}"))
                  .build());
      assertEquals(200, changed.statusCode(), changed.body());
    }
    try (GatewayProcess gateway = GatewayProcess.start(port, data, env)) {
      String log = Files.readString(GatewayProcess.log(data).toPath());
      assertEquals(1, log.split(Pattern.quote(password), -1).length - 1, "printed once, ever");
      JsonObject settings =
          Http.json(as(gateway.base.resolve("api/v1/settings"), password).body())
              .getJsonObject("settings");
      assertEquals("42", settings.getJsonObject("LLM_DAILY_BUDGET").getString("value"));
      assertEquals("console", settings.getJsonObject("LLM_DAILY_BUDGET").getString("source"));
      HttpResponse<String> answer =
          Http.post(
              gateway.base.resolve("v1/chat/completions"),
              "application/json",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertEquals("sim/kept", answer.headers().firstValue("X-CogniForge-Model").orElseThrow());
    }
  }
}
