package com.cogniforge.gateway.console;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The console's style sheet and scripts ({@code /static/}) and the chart library's WebJar ({@code
 * /webjars/}). Needed because the JAX-RS application is mapped at {@code /*}, which hides the
 * container's default servlet; a longer servlet mapping wins over it.
 */
@WebServlet(urlPatterns = {"/static/*", "/webjars/*"})
public class StaticFilesServlet extends HttpServlet {

  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css;charset=UTF-8",
          "js", "text/javascript;charset=UTF-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "map", "application/json");

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
    if (type == null || path.contains("..") || path.contains("//") || path.contains("\\")) {
      response.sendError(404);
      return;
    }
    try (InputStream in = getServletContext().getResourceAsStream(path)) {
      if (in == null) {
        response.sendError(404);
        return;
      }
      response.setContentType(type);
      // Versioned WebJar paths never change; the console's own files may change with a release.
      response.setHeader(
          "Cache-Control",
          path.startsWith("/webjars/") ? "public, max-age=31536000, immutable" : "no-cache");
      in.transferTo(response.getOutputStream());
    }
  }
}
