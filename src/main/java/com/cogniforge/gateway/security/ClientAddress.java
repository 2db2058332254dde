package com.cogniforge.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The address failed logins and bad client keys are counted against. The peer's address, except
 * when the peer is a trusted proxy ({@code TRUSTED_PROXIES}, by default the loopback addresses,
 * where the NGINX of {@code infra/nginx} runs): then the {@code X-Real-IP} it sets. Otherwise
 * anyone could pick their own throttling key, and behind NGINX one client's bad key would lock
 * every client out.
 */
public final class ClientAddress {

  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static volatile Set<String> trusted;

  private ClientAddress() {}

  public static String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    if (trusted().contains(peer)) {
      String real = request.getHeader("X-Real-IP");
      if (real != null && ADDRESS.matcher(real.trim()).matches()) {
        return real.trim();
      }
    }
    return peer;
  }

  private static Set<String> trusted() {
    Set<String> proxies = trusted;
    if (proxies == null) {
      String list =
          ConfigProvider.getConfig()
              .getOptionalValue("TRUSTED_PROXIES", String.class)
              .orElse("127.0.0.1,::1,0:0:0:0:0:0:0:1");
      proxies = Set.of(list.trim().isEmpty() ? new String[0] : list.trim().split("\\s*,\\s*"));
      trusted = proxies;
    }
    return proxies;
  }
}
