package com.cogniforge.gateway.console;

import com.cogniforge.gateway.security.CsrfToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One console request: the servlet request and response, the operator's language, and the variables
 * for the page's template. Pages render a template or redirect (after a POST, always).
 */
public final class ConsoleExchange {

  private static final String FLASH = "cf_flash";

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final ConsoleTemplates templates;
  private final Locale locale;
  private final Map<String, Object> model = new HashMap<>();

  ConsoleExchange(
      HttpServletRequest request, HttpServletResponse response, ConsoleTemplates templates) {
    this.request = request;
    this.response = response;
    this.templates = templates;
    this.locale = ConsoleLocale.choose(request, response);
  }

  public HttpServletRequest request() {
    return request;
  }

  public HttpServletResponse response() {
    return response;
  }

  public Locale locale() {
    return locale;
  }

  /** A request parameter, trimmed; empty string when absent. */
  public String param(String name) {
    String value = request.getParameter(name);
    return value == null ? "" : value.trim();
  }

  public ConsoleExchange put(String name, Object value) {
    model.put(name, value);
    return this;
  }

  /** A message in the operator's language. */
  public String text(String key, Object... arguments) {
    return ConsoleMessages.text(locale, key, arguments);
  }

  /** The operator's name, when logged in. */
  public String operator() {
    return request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
  }

  /** A note shown once on the next page (after a redirect). */
  public void flash(String kind, String message) {
    request.getSession(true).setAttribute(FLASH, new Flash(kind, message));
  }

  /** A message for the next page: {@code kind} is {@code ok} or {@code error}. */
  public record Flash(String kind, String message) implements java.io.Serializable {}

  public void render(String template, String page) throws IOException {
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(FLASH) != null) {
      model.put("flash", session.getAttribute(FLASH));
      session.removeAttribute(FLASH);
    }
    model.put("page", page);
    model.put("lang", locale.getLanguage());
    model.put("dir", ConsoleLocale.rightToLeft(locale) ? "rtl" : "ltr");
    model.put("otherLang", ConsoleLocale.rightToLeft(locale) ? "en" : "ar");
    model.put("csrf", CsrfToken.of(request));
    model.put("operator", operator());
    model.put("fmt", new ConsoleFormat(locale));
    model.put("base", request.getContextPath());
    templates.render(template, locale, model, request, response);
  }

  /** Redirects to a console path such as {@code /admin/settings}. */
  public void redirect(String path) throws IOException {
    response.sendRedirect(request.getContextPath() + path);
  }

  public void status(int status) {
    response.setStatus(status);
  }
}
