package com.cogniforge.gateway.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Locale;

/**
 * The console's language: English or Arabic. {@code ?lang=} switches it and a cookie remembers it;
 * without either, the browser's Accept-Language decides.
 */
final class ConsoleLocale {

  static final Locale ENGLISH = Locale.ENGLISH;
  static final Locale ARABIC = Locale.forLanguageTag("ar");
  private static final String COOKIE = "cf_lang";

  private ConsoleLocale() {}

  static Locale choose(HttpServletRequest request, HttpServletResponse response) {
    String asked = request.getParameter("lang");
    if (asked != null && (asked.equals("en") || asked.equals("ar"))) {
      Cookie cookie = new Cookie(COOKIE, asked);
      cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
      cookie.setMaxAge(365 * 24 * 3600);
      cookie.setHttpOnly(true);
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
      return asked.equals("ar") ? ARABIC : ENGLISH;
    }
    if (request.getCookies() != null) {
      for (Cookie cookie : request.getCookies()) {
        if (cookie.getName().equals(COOKIE)) {
          return "ar".equals(cookie.getValue()) ? ARABIC : ENGLISH;
        }
      }
    }
    for (Locale accepted : Collections.list(request.getLocales())) {
      if (accepted.getLanguage().equals("ar")) {
        return ARABIC;
      }
      if (accepted.getLanguage().equals("en")) {
        return ENGLISH;
      }
    }
    return ENGLISH;
  }

  static boolean rightToLeft(Locale locale) {
    return locale.getLanguage().equals("ar");
  }
}
