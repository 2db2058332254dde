package com.cogniforge.gateway.cache;

import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.cluster.ClusterProducer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Complete answers of recent requests (hybrid streaming), in memory with Caffeine. Bounded both in
 * bytes ({@code CACHE_MAX_BYTES}) and in entries ({@code CACHE_MAX_ENTRIES}): every entry weighs at
 * least the byte budget's share of one entry, so no more than that many fit. An entry lives {@code
 * CACHE_TTL_SECONDS} after it is stored; every hit gives it that long again times its hit count, up
 * to {@code CACHE_MAX_TTL_SECONDS}: answers that keep being asked for stay. In a cluster, answers
 * are also shared through the data grid (bounded, {@code CACHE_TTL_SECONDS}), so one instance's
 * answer serves the others' identical requests.
 */
@ApplicationScoped
public class ResponseCache {

  @Inject
  @ConfigProperty(name = "CACHE_MAX_ENTRIES", defaultValue = "10000")
  long maxEntries;

  @Inject
  @ConfigProperty(name = "CACHE_MAX_BYTES", defaultValue = "67108864")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "CACHE_TTL_SECONDS", defaultValue = "300")
  long ttlSeconds;

  @Inject
  @ConfigProperty(name = "CACHE_MAX_TTL_SECONDS", defaultValue = "3600")
  long maxTtlSeconds;

  private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());

  @Inject Cluster cluster;

  private Cache<String, CachedAnswer> answers;

  @PostConstruct
  void create() {
    long floor = Math.max(1, maxBytes / Math.max(1, maxEntries));
    long ttl = Duration.ofSeconds(Math.max(1, ttlSeconds)).toNanos();
    long maxTtl = Math.max(ttl, Duration.ofSeconds(maxTtlSeconds).toNanos());
    answers =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (String key, CachedAnswer answer) ->
                    (int) Math.min(Integer.MAX_VALUE, Math.max(floor, answer.bytes())))
            .expireAfter(
                new Expiry<String, CachedAnswer>() {
                  @Override
                  public long expireAfterCreate(String key, CachedAnswer answer, long now) {
                    return ttl;
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, CachedAnswer answer, long now, long remaining) {
                    return ttl;
                  }

                  @Override
                  public long expireAfterRead(
                      String key, CachedAnswer answer, long now, long remaining) {
                    return Math.min(maxTtl, Math.max(remaining, ttl * (1L + answer.hit())));
                  }
                })
            .build();
  }

  /** The answer from this instance's cache, else from the cluster's (then kept here too). */
  public Optional<CachedAnswer> get(String key) {
    CachedAnswer local = answers.getIfPresent(key);
    if (local != null) {
      return Optional.of(local);
    }
    Optional<CachedAnswer> shared =
        cluster.get(ClusterProducer.CACHE_MAP, key).flatMap(this::parse);
    shared.ifPresent(answer -> answers.put(key, answer));
    return shared;
  }

  public void put(String key, CachedAnswer answer) {
    answers.put(key, answer);
    cluster.put(ClusterProducer.CACHE_MAP, key, answer::toJson, Duration.ofSeconds(ttlSeconds));
  }

  private Optional<CachedAnswer> parse(String json) {
    try {
      return Optional.of(CachedAnswer.fromJson(json));
    } catch (RuntimeException unreadable) {
      LOG.warning("ignoring an unreadable shared cache entry: " + unreadable);
      return Optional.empty();
    }
  }

  /** Entries now (after pending evictions), for the metrics. */
  public long size() {
    answers.cleanUp();
    return answers.estimatedSize();
  }
}
