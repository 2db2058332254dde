package com.cogniforge.gateway.conversations;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;

/**
 * The transactional boundary of the stored responses: a stateless EJB because workers call it (see
 * {@code UsageStore}).
 */
@Stateless
public class ResponseStore {

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  public void save(StoredResponse response) {
    entityManager.persist(response);
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<StoredResponse> find(String id, Long clientKeyId, Instant now) {
    StoredResponse found = entityManager.find(StoredResponse.class, id);
    if (found == null || !found.visibleTo(clientKeyId) || !found.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(found); // outside a transaction: detached already
  }

  /** Deletes it if {@code clientKeyId} may see it; returns whether it was there. */
  public boolean delete(String id, Long clientKeyId) {
    StoredResponse found = entityManager.find(StoredResponse.class, id);
    if (found == null || !found.visibleTo(clientKeyId)) {
      return false;
    }
    entityManager.remove(found);
    return true;
  }

  /** Deletes what has expired; returns how many. */
  public int purge(Instant now) {
    return entityManager
        .createNamedQuery(StoredResponse.PURGE)
        .setParameter("now", now)
        .executeUpdate();
  }
}
