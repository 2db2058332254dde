package com.cogniforge.gateway.security;

import com.cogniforge.gateway.settings.SettingsStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator account of the console and the admin APIs. The name is {@code ADMIN_USER}; the
 * password is checked against {@code ADMIN_PASSWORD_HASH} (made by {@code scripts/hash-password}).
 * Without a hash, a random password is generated at the first start, printed once to the log, and
 * only its hash is kept (in the database, so restarts and other instances keep it). No default
 * password exists.
 */
@ApplicationScoped
public class AdminAccount {

  private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
  static final String GENERATED_HASH = "ADMIN_PASSWORD_HASH_GENERATED";
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  @Inject
  @ConfigProperty(name = "ADMIN_USER", defaultValue = "admin")
  String user;

  @Inject
  @ConfigProperty(name = "ADMIN_PASSWORD_HASH")
  Optional<String> configuredHash;

  @Inject SettingsStore store;

  private volatile String passwordHash;

  @PostConstruct
  void load() {
    Optional<String> configured = configuredHash.map(String::trim).filter(h -> !h.isEmpty());
    if (configured.isPresent()) {
      if (!PasswordHash.wellFormed(configured.get())) {
        throw new IllegalStateException(
            "ADMIN_PASSWORD_HASH is not a PBKDF2 hash; make one with scripts/hash-password");
      }
      passwordHash = configured.get();
      return;
    }
    Optional<String> generated = store.get(GENERATED_HASH);
    if (generated.isPresent()) {
      passwordHash = generated.get();
      LOG.info(
          "console login: user '"
              + user
              + "' with the password generated at the first start (set ADMIN_PASSWORD_HASH to"
              + " choose one)");
      return;
    }
    char[] password = randomPassword();
    passwordHash = PasswordHash.hash(password);
    store.saveInternal(GENERATED_HASH, passwordHash);
    // Printed once, on purpose: the operator needs it to log in the first time.
    LOG.warning(
        "\n=============================================================\n"
            + " CogniForge console: http://<host>:<port>/admin\n"
            + " user: "
            + user
            + "   password (shown only this once): "
            + new String(password)
            + "\n Set ADMIN_PASSWORD_HASH (scripts/hash-password) to choose your own.\n"
            + "=============================================================");
  }

  /** Created at deployment so that a generated password is printed at start-up. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    user();
  }

  public String user() {
    return user;
  }

  /** Constant-time in the name; the password check costs the same whether the name matched. */
  public boolean matches(String name, char[] password) {
    boolean nameMatches =
        MessageDigest.isEqual(
            user.getBytes(StandardCharsets.UTF_8),
            (name == null ? "" : name).getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = PasswordHash.verify(password, passwordHash);
    return nameMatches & passwordMatches;
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return password;
  }
}
