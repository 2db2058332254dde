package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.PeriodicJob;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues and checks client keys. A key is {@code cfk_} and 40 random URL-safe characters (240
 * bits), shown once at creation. The gateway keeps a salted SHA-256 of it (a fast hash is enough
 * for random keys of that length, and it keeps the check cheap on every request), finds candidates
 * by the first {@value #PREFIX_CHARS} characters and compares hashes in constant time. The keys are
 * held in memory and reloaded after every change.
 */
@ApplicationScoped
public class ClientKeys {

  static final int PREFIX_CHARS = 12;
  static final int RELOAD_SECONDS = 10;
  private static final Pattern FORMAT = Pattern.compile("cfk_[A-Za-z0-9_-]{40}");
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject ClientKeyStore store;
  @Inject GatewayExecutors executors;
  @Inject Cluster cluster;

  static final String CHANGED_TOPIC = "cogniforge-keys-changed";
  @Inject GatewaySettings settings;

  /** Tells the streaming engine which keys stopped working, so that their open streams end. */
  @Inject Event<KeysWithdrawn> withdrawn;

  @Inject
  @ConfigProperty(name = "REQUIRE_API_KEY")
  Optional<Boolean> requireApiKey;

  private volatile Map<String, List<ClientKey>> byPrefix = Map.of();
  private volatile List<ClientKey> all = List.of();
  private Set<Long> usable = Set.of(); // at the last reload; under this object's lock

  /** A key just made: {@code secret} is shown to the operator once and never again. */
  public record Issued(ClientKey key, String secret) {}

  /**
   * Loads the keys, then again every {@value #RELOAD_SECONDS} s: a key revoked on another instance
   * sharing the database stops working here within that time.
   */
  @PostConstruct
  void start() {
    reload();
    PeriodicJob reloading = executors.every(RELOAD_SECONDS, "reloading client keys", this::reload);
    // In a cluster a revocation on one instance reaches the others at once, not within 10 s.
    cluster.subscribe(CHANGED_TOPIC, instance -> reloading.runSoon());
  }

  /** Applies a change here and tells the other instances of the cluster. */
  private void changed() {
    reload();
    cluster.publish(CHANGED_TOPIC, "keys");
  }

  /**
   * Reads the keys again; those usable at the previous reload and no longer (revoked here or on
   * another instance, or past the grace of a rotation) are announced as {@link KeysWithdrawn}.
   */
  public void reload() {
    Set<Long> gone;
    synchronized (this) {
      List<ClientKey> keys = store.all();
      Map<String, List<ClientKey>> index = new HashMap<>();
      Set<Long> usableNow = new HashSet<>();
      Instant now = Instant.now();
      for (ClientKey key : keys) {
        index.computeIfAbsent(key.prefix(), p -> new ArrayList<>()).add(key);
        if (key.usableAt(now)) {
          usableNow.add(key.id());
        }
      }
      byPrefix = Map.copyOf(index);
      all = List.copyOf(keys);
      gone = new HashSet<>(usable);
      gone.removeAll(usableNow);
      usable = usableNow;
    }
    if (!gone.isEmpty() && withdrawn != null) {
      withdrawn.fire(new KeysWithdrawn(Set.copyOf(gone)));
    }
  }

  /**
   * Whether chat requests without a key are refused: {@code REQUIRE_API_KEY}, by default yes except
   * in development mode (simulated provider allowed and no provider key).
   */
  public boolean keyRequired() {
    return requireApiKey.orElse(!settings.allowMockLlm() || settings.providerApiKey().isPresent());
  }

  public List<ClientKey> all() {
    return all;
  }

  public Optional<ClientKey> byId(long id) {
    return all.stream().filter(k -> k.id() == id).findFirst();
  }

  /** The usable key {@code presented} is, if any. Says nothing about why not. */
  public Optional<ClientKey> authenticate(String presented) {
    if (presented == null || !FORMAT.matcher(presented).matches()) {
      return Optional.empty();
    }
    List<ClientKey> candidates = byPrefix.get(presented.substring(0, PREFIX_CHARS));
    if (candidates == null) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    for (ClientKey candidate : candidates) {
      if (MessageDigest.isEqual(candidate.hash(), hash(candidate.salt(), presented))
          && candidate.usableAt(now)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public Issued create(String name, KeyLimits limits, String actor) {
    String secret = newSecret();
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    ClientKey key =
        store.create(
            name, secret.substring(0, PREFIX_CHARS), salt, hash(salt, secret), limits, actor);
    changed();
    return new Issued(key, secret);
  }

  /**
   * A new key with the same name and limits; the old one keeps working for {@code grace} (zero: it
   * stops at once), so clients can switch without an outage.
   */
  public Optional<Issued> rotate(long id, Duration grace, String actor) {
    Optional<ClientKey> old = byId(id);
    if (old.isEmpty() || old.get().revokedAt() != null) {
      return Optional.empty();
    }
    Issued fresh = create(old.get().name(), old.get().limits(), actor);
    store.expireAt(id, Instant.now().plus(grace), actor);
    changed();
    return Optional.of(fresh);
  }

  public Optional<ClientKey> revoke(long id, String actor) {
    Optional<ClientKey> revoked = store.revoke(id, actor);
    changed();
    return revoked;
  }

  public Optional<ClientKey> limit(long id, KeyLimits limits, String actor) {
    Optional<ClientKey> changed = store.limits(id, limits, actor);
    changed();
    return changed;
  }

  private static String newSecret() {
    byte[] random = new byte[30];
    RANDOM.nextBytes(random);
    return "cfk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static byte[] hash(byte[] salt, String key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(salt);
      return sha256.digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
