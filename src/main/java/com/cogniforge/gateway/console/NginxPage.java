package com.cogniforge.gateway.console;

import com.cogniforge.gateway.http.LocalAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /admin/nginx}: the NGINX configuration to put in front of the gateway, the files of {@code
 * infra/nginx/} as shipped in the WAR, with the upstream block pointing at this gateway (or at the
 * address the operator types in).
 */
@ApplicationScoped
public class NginxPage implements ConsolePage {

  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,100}");
  private static final Pattern UPSTREAM_SERVERS =
      Pattern.compile(
          "(?m)^(\\s*)server 127\\.0\\.0\\.1:8080 .*\\n(\\s*server 127\\.0\\.0\\.1:8081 .*\\n)?");

  /** A file shown on the page. */
  public record ConfigFile(String name, String installPath, String text) {}

  @Override
  public String path() {
    return "nginx";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    String here = LocalAddress.hostAndPort(exchange.request());
    String asked = exchange.param("upstream");
    String upstream = ADDRESS.matcher(asked).matches() ? asked : here;
    String site = read(exchange, "cogniforge-example.conf");
    Matcher servers = UPSTREAM_SERVERS.matcher(site);
    if (servers.find()) {
      site =
          servers.replaceFirst(
              Matcher.quoteReplacement(
                  servers.group(1) + "server " + upstream + " max_fails=3 fail_timeout=10s;\n"));
    }
    exchange
        .put("upstream", upstream)
        .put("badUpstream", !asked.isEmpty() && !asked.equals(upstream))
        .put(
            "files",
            List.of(
                new ConfigFile(
                    "cogniforge-example.conf", "/etc/nginx/conf.d/cogniforge.conf", site),
                new ConfigFile(
                    "sse.conf", "/etc/nginx/cogniforge/sse.conf", read(exchange, "sse.conf"))));
    exchange.render("nginx", "nginx");
  }

  private static String read(ConsoleExchange exchange, String name) throws IOException {
    try (InputStream in =
        exchange.request().getServletContext().getResourceAsStream("/WEB-INF/nginx/" + name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
