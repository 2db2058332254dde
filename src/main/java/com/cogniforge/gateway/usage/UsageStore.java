package com.cogniforge.gateway.usage;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * The transactional boundary of the usage records. A stateless EJB rather than a CDI bean because
 * it is called from background threads: an EJB call always sets up the component context that the
 * container needs to resolve the persistence context, a CDI bean first used there may not get one.
 */
@Stateless
public class UsageStore {

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  public void saveAll(List<UsageRecord> records) {
    for (UsageRecord record : records) {
      entityManager.persist(record);
    }
  }

  /** One page of records created in [from, to), after the record with id {@code afterId}. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<UsageRecord> page(Instant from, Instant to, long afterId, int size) {
    return entityManager
        .createNamedQuery(UsageRecord.PAGE_IN_RANGE, UsageRecord.class)
        .setParameter("from", from)
        .setParameter("to", to)
        .setParameter("afterId", afterId)
        .setMaxResults(size)
        .getResultList();
  }
}
