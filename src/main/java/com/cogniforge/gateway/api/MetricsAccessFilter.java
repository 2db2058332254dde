package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.keys.ClientKeys;
import com.cogniforge.gateway.security.AdminAuthentication;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /api/v1/stream/metrics} shows the gateway's spend and savings: the operator's business,
 * not every key holder's. Open only while anonymous chat is (development mode, or {@code
 * REQUIRE_API_KEY=false}: the operator chose an open gateway); else the operator must log in
 * (console session, or HTTP Basic, which {@code security/AdminAuthentication} checks here).
 */
@WebFilter(urlPatterns = "/api/v1/stream/metrics", asyncSupported = true)
public class MetricsAccessFilter extends HttpFilter {

  @Inject ClientKeys keys;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!keys.keyRequired() || request.isUserInRole(AdminAuthentication.ADMIN_ROLE)) {
      chain.doFilter(request, response);
      return;
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      new ApiError(403, "operator_required", "the metrics are for the operator").writeTo(response);
      return;
    }
    response.setHeader("WWW-Authenticate", "Basic realm=\"CogniForge admin\", charset=\"UTF-8\"");
    new ApiError(401, "authentication_required", "log in as the operator").writeTo(response);
  }
}
