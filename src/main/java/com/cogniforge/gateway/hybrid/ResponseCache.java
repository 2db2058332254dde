package com.cogniforge.gateway.hybrid;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Complete answers of recent requests (hybrid streaming), in memory with Caffeine. Bounded both in
 * bytes ({@code CACHE_MAX_BYTES}) and in entries ({@code CACHE_MAX_ENTRIES}): every entry weighs at
 * least the byte budget's share of one entry, so no more than that many fit. An entry lives {@code
 * CACHE_TTL_SECONDS} after it is stored; every hit gives it that long again times its hit count, up
 * to {@code CACHE_MAX_TTL_SECONDS}: answers that keep being asked for stay.
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

  public Optional<CachedAnswer> get(String key) {
    return Optional.ofNullable(answers.getIfPresent(key));
  }

  public void put(String key, CachedAnswer answer) {
    answers.put(key, answer);
  }

  /** Entries now (after pending evictions), for the metrics. */
  public long size() {
    answers.cleanUp();
    return answers.estimatedSize();
  }
}
