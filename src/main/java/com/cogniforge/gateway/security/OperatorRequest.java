package com.cogniforge.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * A request of the logged-in operator, as the code behind {@link AdminAuthentication} sees it: its
 * user principal is the operator, it is in the admin role, and {@link #logout} ends the console
 * login.
 */
final class OperatorRequest extends HttpServletRequestWrapper {

  private volatile String operator;

  OperatorRequest(HttpServletRequest request, String operator) {
    super(request);
    this.operator = operator;
  }

  @Override
  public Principal getUserPrincipal() {
    String name = operator;
    return name == null ? null : () -> name;
  }

  @Override
  public String getRemoteUser() {
    return operator;
  }

  @Override
  public boolean isUserInRole(String role) {
    return operator != null && AdminAuthentication.ADMIN_ROLE.equals(role);
  }

  @Override
  public void logout() {
    operator = null;
    HttpSession session = getSession(false);
    if (session != null) {
      try {
        session.removeAttribute(AdminAuthentication.SESSION_OPERATOR);
      } catch (IllegalStateException invalidated) {
        // already over
      }
    }
  }
}
