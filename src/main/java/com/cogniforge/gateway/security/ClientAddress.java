package com.cogniforge.gateway.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a login attempt is counted against. The peer's address: a forwarded header is not
 * trusted here, because any client can send one and would then choose its own throttling key.
 * Behind NGINX every attempt shares NGINX's address, which errs on the side of slowing guesses.
 */
final class ClientAddress {

  private ClientAddress() {}

  static String of(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
