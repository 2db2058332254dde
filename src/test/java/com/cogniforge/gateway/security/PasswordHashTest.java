package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void aHashVerifiesItsPasswordOnly() {
    String hash = PasswordHash.hash("correct horse battery".toCharArray(), 1000);
    assertTrue(hash.startsWith("PBKDF2WithHmacSHA256:1000:"));
    assertTrue(PasswordHash.verify("correct horse battery".toCharArray(), hash));
    assertFalse(PasswordHash.verify("correct horse battery ".toCharArray(), hash));
    assertFalse(PasswordHash.verify(new char[0], hash));
  }

  @Test
  void theSamePasswordGetsADifferentSaltEachTime() {
    assertNotEquals(
        PasswordHash.hash("same".toCharArray(), 1000),
        PasswordHash.hash("same".toCharArray(), 1000));
  }

  @Test
  void malformedHashesNeverMatchAndNeverThrow() {
    for (String bad :
        new String[] {
          null,
          "",
          "plain-password",
          "PBKDF2WithHmacSHA256:x:y:z",
          "MD5:1:AAAA:AAAA",
          "PBKDF2WithHmacSHA256:0:AAAA:AAAA",
          "PBKDF2WithHmacSHA256:10:%%%:AAAA"
        }) {
      assertFalse(PasswordHash.verify("x".toCharArray(), bad), String.valueOf(bad));
      assertFalse(PasswordHash.wellFormed(bad), String.valueOf(bad));
    }
  }

  @Test
  void theDefaultWorkFactorFollowsOwasp() {
    assertTrue(PasswordHash.ITERATIONS >= 600_000);
  }

  @Test
  void theScriptPrintsAHashTheGatewayAccepts() throws Exception {
    Process script = new ProcessBuilder("scripts/hash-password").redirectErrorStream(true).start();
    script.getOutputStream().write("operator password 1".getBytes(StandardCharsets.UTF_8));
    script.getOutputStream().close();
    assertTrue(script.waitFor(60, TimeUnit.SECONDS));
    String hash = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(PasswordHash.wellFormed(hash), hash);
    assertTrue(PasswordHash.verify("operator password 1".toCharArray(), hash));

    Process tooShort =
        new ProcessBuilder("scripts/hash-password").redirectErrorStream(true).start();
    tooShort.getOutputStream().write("short".getBytes(StandardCharsets.UTF_8));
    tooShort.getOutputStream().close();
    assertTrue(tooShort.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, tooShort.exitValue());
  }
}
