package com.cogniforge.gateway.http;

import jakarta.servlet.http.HttpServletRequest;

/** This gateway's own address as a request reached it: where its simulated provider is served. */
public final class LocalAddress {

  private LocalAddress() {}

  /** {@code host:port}, an IPv6 literal in brackets. */
  public static String hostAndPort(HttpServletRequest request) {
    String host = request.getLocalAddr();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]"; // IPv6 literal
    }
    return host + ":" + request.getLocalPort();
  }

  /** {@code http://host:port}. */
  public static String baseUrl(HttpServletRequest request) {
    return "http://" + hostAndPort(request);
  }
}
