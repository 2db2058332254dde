package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's login on the operator's URLs, against requests made of plain maps. */
class AdminAuthenticationTest {

  private final AdminAuthentication filter = new AdminAuthentication();
  private final Map<String, Object> sessionAttributes = new HashMap<>();
  private boolean hasSession;
  private HttpServletRequest passed; // what reached the next filter, or null
  private int status = 200;
  private String redirect;
  private final StringWriter body = new StringWriter();

  AdminAuthenticationTest() throws ReflectiveOperationException {
    // No MicroProfile Config outside the container: no proxy is trusted, the peer is the client.
    java.lang.reflect.Field trusted = ClientAddress.class.getDeclaredField("trusted");
    trusted.setAccessible(true);
    trusted.set(null, java.util.Set.<String>of());
    AdminAccount account = new AdminAccount();
    account.user = "admin";
    account.configuredHash = Optional.of(PasswordHash.hash("right horse".toCharArray()));
    account.load();
    filter.account = account;
    filter.throttle = new LoginThrottle();
  }

  private void call(String method, String path, String authorization) throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    HttpSession session =
        (HttpSession)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpSession.class},
                (proxy, m, args) ->
                    switch (m.getName()) {
                      case "getAttribute" -> sessionAttributes.get((String) args[0]);
                      case "removeAttribute" -> sessionAttributes.remove((String) args[0]);
                      default -> null;
                    });
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) ->
                    switch (m.getName()) {
                      case "getRequestURI" -> path;
                      case "getContextPath" -> "";
                      case "getServletPath" -> path.startsWith("/admin") ? "/admin" : path;
                      case "getMethod" -> method;
                      case "getHeader" -> headers.get((String) args[0]);
                      case "getRemoteAddr" -> "10.1.2.3";
                      case "getSession" -> hasSession ? session : null;
                      case "isUserInRole" -> false;
                      default -> null;
                    });
    PrintWriter writer = new PrintWriter(body);
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> {
                  switch (m.getName()) {
                    case "setStatus" -> status = (Integer) args[0];
                    case "sendRedirect" -> redirect = (String) args[0];
                    case "getWriter" -> {
                      return writer;
                    }
                    default -> {}
                  }
                  return null;
                });
    filter.doFilter(request, response, (req, res) -> passed = (HttpServletRequest) req);
    writer.flush();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAdminApiWithoutALoginIsRefusedWithAJsonError() throws Exception {
    call("GET", "/api/v1/keys", null);
    assertNull(passed);
    assertEquals(401, status);
    assertTrue(body.toString().contains("authentication_required"), body.toString());
  }

  @Test
  void aConsolePageWithoutALoginRedirectsToTheLoginForm() throws Exception {
    call("GET", "/admin/usage", null);
    assertNull(passed);
    assertEquals("/admin/login?next=%2Fadmin%2Fusage", redirect);
  }

  @Test
  void theLoginFormIsOpen() throws Exception {
    call("GET", "/admin/login", null);
    assertNotNull(passed);
    assertNull(passed.getUserPrincipal());
  }

  @Test
  void theSessionsOperatorIsTheRequestsUserInTheAdminRoleUntilLogout() throws Exception {
    hasSession = true;
    sessionAttributes.put(AdminAuthentication.SESSION_OPERATOR, "admin");
    call("POST", "/api/v1/settings", null);
    assertEquals("admin", passed.getUserPrincipal().getName());
    assertTrue(passed.isUserInRole(AdminAuthentication.ADMIN_ROLE));
    assertFalse(passed.isUserInRole("other"));
    passed.logout();
    assertNull(passed.getUserPrincipal());
    assertFalse(sessionAttributes.containsKey(AdminAuthentication.SESSION_OPERATOR));
  }

  @Test
  void basicCredentialsLogInOneRequestAndWrongOnesAreRefused() throws Exception {
    call("GET", "/api/v1/usage", basic("admin", "right horse"));
    assertEquals("admin", passed.getUserPrincipal().getName());
    passed = null;
    call("GET", "/api/v1/usage", basic("admin", "wrong"));
    assertNull(passed);
    assertEquals(401, status);
    assertTrue(body.toString().contains("invalid_credentials"), body.toString());
  }

  @Test
  void theOperatorOrClientPathsPassWithoutALoginAndCountOneWhenSent() throws Exception {
    call("POST", "/api/v1/route", null);
    assertNotNull(passed);
    assertFalse(passed.isUserInRole(AdminAuthentication.ADMIN_ROLE), "left to the client key");
    call("GET", "/api/v1/stream/metrics", basic("admin", "right horse"));
    assertTrue(passed.isUserInRole(AdminAuthentication.ADMIN_ROLE));
    passed = null;
    call("GET", "/api/v1/stream/metrics", basic("admin", "wrong"));
    assertNull(passed, "a wrong password is refused, not served as anonymous");
    assertEquals(401, status);
  }

  @Test
  void guessingIsThrottled() throws Exception {
    for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
      call("GET", "/api/v1/keys", basic("admin", "guess" + i));
    }
    call("GET", "/api/v1/keys", basic("admin", "right horse"));
    assertNull(passed, "locked out even with the right password");
    assertEquals(429, status);
  }
}
