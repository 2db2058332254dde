package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.settings.SettingsStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The client keys in the database; every change leaves a line in the settings audit log. */
@Stateless
public class ClientKeyStore {

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  @Inject SettingsStore audit;

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<ClientKey> all() {
    return entityManager
        .createQuery("select k from StoredClientKey k order by k.id", StoredClientKey.class)
        .getResultList()
        .stream()
        .map(StoredClientKey::toKey)
        .toList();
  }

  public ClientKey create(
      String name, String prefix, byte[] salt, byte[] hash, KeyLimits limits, String actor) {
    StoredClientKey key = new StoredClientKey(name, prefix, salt, hash, actor);
    key.limits(limits);
    entityManager.persist(key);
    entityManager.flush();
    audit.audit("CLIENT_KEY " + key.id(), null, "created " + prefix + " " + name, actor);
    return key.toKey();
  }

  public Optional<ClientKey> revoke(long id, String actor) {
    StoredClientKey key = entityManager.find(StoredClientKey.class, id);
    if (key == null) {
      return Optional.empty();
    }
    key.revoke();
    audit.audit("CLIENT_KEY " + id, null, "revoked", actor);
    return Optional.of(key.toKey());
  }

  public Optional<ClientKey> expireAt(long id, Instant when, String actor) {
    StoredClientKey key = entityManager.find(StoredClientKey.class, id);
    if (key == null) {
      return Optional.empty();
    }
    key.expireAt(when);
    audit.audit("CLIENT_KEY " + id, null, "replaced; valid until " + when, actor);
    return Optional.of(key.toKey());
  }

  public Optional<ClientKey> limits(long id, KeyLimits limits, String actor) {
    StoredClientKey key = entityManager.find(StoredClientKey.class, id);
    if (key == null) {
      return Optional.empty();
    }
    key.limits(limits);
    audit.audit("CLIENT_KEY " + id, null, "limits " + limits, actor);
    return Optional.of(key.toKey());
  }
}
