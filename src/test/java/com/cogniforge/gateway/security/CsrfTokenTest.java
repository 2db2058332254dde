package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfTokenTest {

  @Test
  void browsersMarkingAnotherSiteAreCrossSite() {
    assertTrue(CsrfToken.crossSite("cross-site", null, "gw.example.com"));
    assertTrue(CsrfToken.crossSite("same-site", null, "gw.example.com"));
    assertTrue(CsrfToken.crossSite(null, "https://evil.example", "gw.example.com"));
    assertTrue(CsrfToken.crossSite(null, "null", "gw.example.com"));
  }

  @Test
  void sameOriginCallsAndScriptsWithoutOriginPass() {
    assertFalse(CsrfToken.crossSite(null, null, "gw.example.com"), "curl sends no Origin");
    assertFalse(CsrfToken.crossSite("same-origin", "https://gw.example.com", "gw.example.com"));
    assertFalse(CsrfToken.crossSite(null, "http://127.0.0.1:8000", "127.0.0.1:8080"));
    assertFalse(CsrfToken.crossSite("none", null, "gw.example.com"));
  }
}
