package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No provider key and ALLOW_MOCK_LLM=false: chat requests get a clear 503, never a stream. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NoProviderIT {

  @Deployment(testable = false)
  @TargetsContainer("no-provider")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  @Test
  void everyChatEndpointAnswers503() throws Exception {
    HttpResponse<String> nativeGet =
        Http.send(
            HttpRequest.newBuilder(uri("api/v1/stream/chat?q=hello"))
                .header("X-Request-Id", "no-provider-1")
                .build());
    assertEquals(503, nativeGet.statusCode());
    JsonObject error = Http.json(nativeGet.body()).getJsonObject("error");
    assertEquals("no_provider", error.getString("code"));
    assertTrue(error.getString("message").contains("no LLM provider configured"));

    HttpResponse<String> openAi =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(503, openAi.statusCode());
    assertEquals(
        "service_unavailable", Http.json(openAi.body()).getJsonObject("error").getString("type"));

    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), "no-provider-1");
    assertEquals("rejected", record.getString("outcome"));
    assertEquals("no_provider", record.getString("error_code"));
  }

  @Test
  void readinessSaysWhy() throws Exception {
    HttpResponse<String> health = Http.get(uri("health/ready"));
    assertEquals(503, health.statusCode(), health.body());
    assertTrue(health.body().contains("\"provider\":\"none\""), health.body());
  }
}
