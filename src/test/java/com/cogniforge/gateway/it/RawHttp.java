package com.cogniforge.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket, for what {@code java.net.http} refuses to send: header
 * values with control characters (a NUL in {@code X-Request-Id}) and bodies that are not text.
 * {@code Connection: close}, read to the end, every step bounded by the socket's time-out.
 */
final class RawHttp {

  /** The status (0 if the server closed without answering), the response head and its body. */
  record Reply(int status, String head, String body) {

    /** A response header's value (the first), or null. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code method path} with {@code headers} (each "Name: value", bytes as ISO-8859-1, so a
   * {@code \0} goes out as a NUL byte) and {@code body}.
   */
  static Reply exchange(int port, String method, String path, byte[] body, String... headers)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      if (body != null) {
        head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      for (String header : headers) {
        head.append(header).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        received.write(buffer, 0, n);
      }
      String text = received.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || end < 0) {
        return new Reply(0, text, "");
      }
      int status = Integer.parseInt(text.substring(9, 12));
      return new Reply(status, text.substring(0, end), text.substring(end + 4));
    }
  }

  /** A percent-encoding of every byte of {@code text}'s UTF-8, for query strings. */
  static String percentEncoded(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    return out.toString();
  }
}
