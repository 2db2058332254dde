package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.cache.CachedAnswer;
import java.util.Optional;

/** The response cache as the relay uses it: answers stored by cache key. */
public interface Answers {

  Optional<CachedAnswer> get(String key);

  void put(String key, CachedAnswer answer);

  /** No cache: nothing is found, nothing is kept. */
  Answers NONE =
      new Answers() {
        @Override
        public Optional<CachedAnswer> get(String key) {
          return Optional.empty();
        }

        @Override
        public void put(String key, CachedAnswer answer) {}
      };
}
