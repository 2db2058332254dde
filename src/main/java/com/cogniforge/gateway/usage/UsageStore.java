package com.cogniforge.gateway.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The transactional boundary of the usage records. */
@ApplicationScoped
public class UsageStore {

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  @Transactional
  public void saveAll(List<UsageRecord> records) {
    for (UsageRecord record : records) {
      entityManager.persist(record);
    }
  }

  /** One page of records created in [from, to), after the record with id {@code afterId}. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<UsageRecord> page(Instant from, Instant to, long afterId, int size) {
    return entityManager.createNamedQuery(UsageRecord.PAGE_IN_RANGE, UsageRecord.class)
        .setParameter("from", from)
        .setParameter("to", to)
        .setParameter("afterId", afterId)
        .setMaxResults(size)
        .getResultList();
  }
}
