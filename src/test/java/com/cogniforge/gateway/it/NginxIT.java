package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real NGINX (started by scripts/nginx with infra/nginx/sse.conf) in front of the real WAR:
 * streams are not buffered, idle streams outlive NGINX's read time-out thanks to heartbeats, and a
 * client leaving NGINX cancels the provider call. The read time-out is shortened to 2 s and the
 * gateway's heartbeat is 1 s here, rather than waiting past NGINX's default 60 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NginxIT {

  private static Process nginx;
  private static URI viaNginx;

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI direct() {
    return GatewayDeployment.loopback(reported);
  }

  @BeforeEach
  void startNginxOnce() throws Exception {
    if (nginx != null) {
      return;
    }
    int port = GatewayProcess.freePort();
    ProcessBuilder builder =
        new ProcessBuilder("scripts/nginx", String.valueOf(port), "127.0.0.1:" + direct().getPort())
            .redirectErrorStream(true)
            .redirectOutput(new File(System.getProperty("it.target", "target"), "nginx-it.log"));
    builder.environment().put("NGINX_READ_TIMEOUT", "2s");
    nginx = builder.start();
    viaNginx = URI.create("http://127.0.0.1:" + port + "/");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      assertTrue(nginx.isAlive(), "nginx exited; see target/nginx-it.log");
      try {
        if (Http.get(viaNginx.resolve("v1/models")).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      assertTrue(System.nanoTime() < deadline, "nginx did not answer within 20 s");
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stopNginx() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
  }

  @Test
  void tokensPassThroughOneByOne() throws Exception {
    SseCapture stream =
        SseCapture.post(
            viaNginx.resolve("api/v1/stream/chat"),
            "{\"q\":\"Hello\",\"sim_tokens\":20,\"sim_inter_token_ms\":50}");
    assertEquals(200, stream.status);
    List<SseCapture.Event> tokens = stream.events("token");
    assertEquals(20, tokens.size());
    SseCapture.Event done = stream.events("done").get(0);
    long spreadMs = (done.atNanos() - tokens.get(0).atNanos()) / 1_000_000;
    assertTrue(spreadMs >= 600, "first token only " + spreadMs + " ms before done");
    long bursts = tokens.stream().map(t -> t.atNanos() / 20_000_000).distinct().count();
    assertTrue(bursts >= 15, "tokens arrived in " + bursts + " bursts: NGINX buffered them");
  }

  @Test
  void timeToFirstTokenThroughNginxIsCloseToDirect() throws Exception {
    List<Long> direct = new ArrayList<>();
    List<Long> proxied = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      direct.add(firstTokenMs(direct().resolve("v1/chat/completions"), i));
      proxied.add(firstTokenMs(viaNginx.resolve("v1/chat/completions"), i));
    }
    long directMedian = median(direct);
    long proxiedMedian = median(proxied);
    System.out.printf(
        "TTFT over 30 streams: direct median %d us, through NGINX median %d us%n",
        directMedian, proxiedMedian);
    assertTrue(
        proxiedMedian - directMedian < 10_000,
        "NGINX adds " + (proxiedMedian - directMedian) + " us to the median TTFT");
  }

  @Test
  void anIdleStreamOutlivesNginxReadTimeoutThanksToHeartbeats() throws Exception {
    // The provider is silent for 5 s; NGINX gives up on a silent upstream after 2 s.
    SseCapture stream =
        SseCapture.send(
            HttpRequest.newBuilder(viaNginx.resolve("api/v1/stream/chat"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"q\":\"wait\",\"sim_ttft_ms\":5000,\"sim_tokens\":3}"))
                .build(),
            Duration.ofSeconds(30));
    assertEquals(200, stream.status);
    assertEquals(3, stream.events("token").size(), stream.body());
    assertEquals(1, stream.events("done").size(), stream.body());
    assertTrue(stream.events("comment").size() >= 4, "heartbeats: " + stream.events("comment"));

    // The control: a response that carries no heartbeats (non-streaming) is cut by NGINX at 2 s.
    long start = System.nanoTime();
    var silent =
        Http.post(
            viaNginx.resolve("v1/chat/completions"),
            "application/json",
            "{\"sim_ttft_ms\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(504, silent.statusCode(), "NGINX's read time-out is in force");
    assertTrue(ms < 4500, "cut after " + ms + " ms");
  }

  @Test
  void aClientLeavingNginxCancelsTheProviderCall() throws Exception {
    URI stats = direct().resolve("sim/v1/stats");
    long before = Http.json(Http.get(stats).body()).getJsonNumber("cancelled").longValue();
    long disconnectedAt =
        HangUp.afterFirstToken(viaNginx.getPort(), "/api/v1/stream/chat?q=long+story", null);
    Http.awaitJson(
        stats, json -> json.getJsonNumber("cancelled").longValue() > before, Duration.ofSeconds(5));
    long ms = (System.nanoTime() - disconnectedAt) / 1_000_000;
    assertTrue(ms < 1500, "provider call cancelled " + ms + " ms after the client left NGINX");
  }

  private static long firstTokenMs(URI uri, int i) throws Exception {
    SseCapture stream =
        SseCapture.post(
            uri,
            "{\"stream\":true,\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"ttft "
                + i
                + "\"}]}");
    return stream.lines.stream()
            .filter(
                l -> l.text().contains("\"content\":\"") && !l.text().contains("\"content\":\"\""))
            .findFirst()
            .orElseThrow()
            .atNanos()
        / 1_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
