package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
