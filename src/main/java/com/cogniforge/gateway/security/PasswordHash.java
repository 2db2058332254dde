package com.cogniforge.gateway.security;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 password hashes in the format of Jakarta Security's {@code Pbkdf2PasswordHash}: {@code
 * PBKDF2WithHmacSHA256:iterations:base64(salt):base64(hash)}. JDK classes only, so that {@code
 * scripts/hash-password} runs this file as it is with {@code java PasswordHash.java}.
 */
public final class PasswordHash {

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  static final int ITERATIONS = 600_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  public static String hash(char[] password) {
    return hash(password, ITERATIONS);
  }

  public static String hash(char[] password, int iterations) {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(ALGORITHM, password, salt, iterations, 32);
    Base64.Encoder base64 = Base64.getEncoder();
    return ALGORITHM
        + ":"
        + iterations
        + ":"
        + base64.encodeToString(salt)
        + ":"
        + base64.encodeToString(hash);
  }

  /** Whether {@code password} matches; false (never an exception) for a malformed hash. */
  public static boolean verify(char[] password, String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.trim().split(":");
    if (parts.length != 4 || !parts[0].startsWith("PBKDF2WithHmac")) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || expected.length == 0) {
        return false;
      }
      byte[] actual = pbkdf2(parts[0], password, salt, iterations, expected.length);
      return MessageDigest.isEqual(actual, expected);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** Whether a configured value looks like a hash this class can check. */
  public static boolean wellFormed(String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.trim().split(":");
    try {
      return parts.length == 4
          && parts[0].startsWith("PBKDF2WithHmac")
          && Integer.parseInt(parts[1]) > 0
          && Base64.getDecoder().decode(parts[2]).length > 0
          && Base64.getDecoder().decode(parts[3]).length > 0
          && SecretKeyFactory.getInstance(parts[0]) != null;
    } catch (IllegalArgumentException | GeneralSecurityException malformed) {
      return false;
    }
  }

  private static byte[] pbkdf2(
      String algorithm, char[] password, byte[] salt, int iterations, int bytes) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
      try {
        return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException unsupported) {
      throw new IllegalArgumentException("unsupported hash " + algorithm, unsupported);
    }
  }

  /** Reads a password (twice, without echo on a terminal) and prints its hash. */
  public static void main(String[] args) throws IOException {
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("Admin password: ");
      char[] again = console.readPassword("Again: ");
      if (password == null || !Arrays.equals(password, again)) {
        System.err.println("The two passwords differ.");
        System.exit(1);
      }
    } else {
      String line =
          new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .findFirst()
              .orElse("");
      password = line.toCharArray();
    }
    if (password.length < 12) {
      System.err.println("Use at least 12 characters.");
      System.exit(1);
    }
    System.out.println(hash(password));
  }
}
