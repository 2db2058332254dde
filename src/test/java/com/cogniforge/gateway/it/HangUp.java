package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that opens a stream over a raw socket, reads up to its first token and hangs up: the
 * most direct way to disconnect mid-stream, with no HTTP client library in between.
 */
final class HangUp {

  private HangUp() {}

  /**
   * @param pathAndQuery e.g. {@code /api/v1/stream/chat?q=hi}
   * @param requestId sent as {@code X-Request-Id}, or null
   * @return {@link System#nanoTime()} when the connection was closed
   */
  static long afterFirstToken(int port, String pathAndQuery, String requestId) throws Exception {
    return afterFirstToken(port, pathAndQuery, requestId, 0);
  }

  /** The same, but hangs up {@code holdMs} after the first token. */
  static long afterFirstToken(int port, String pathAndQuery, String requestId, long holdMs)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + pathAndQuery
                  + " HTTP/1.1\r\nHost: localhost\r\n"
                  + (requestId == null ? "" : "X-Request-Id: " + requestId + "\r\n")
                  + "Accept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("event: token")) {
        // read up to the first token
      }
      assertNotNull(line, "stream ended before its first token");
      Thread.sleep(holdMs);
      return System.nanoTime();
    }
  }

  /**
   * Posts a non-streamed chat completion, waits {@code holdMs} (the gateway has no byte to send
   * before the whole answer) and hangs up without reading anything.
   *
   * @return {@link System#nanoTime()} when the connection was closed
   */
  static long nonStreamedAfter(int port, String body, String requestId, long holdMs)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: "
                  + requestId
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      Thread.sleep(holdMs);
      return System.nanoTime();
    }
  }
}
