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

  /** What was spent since {@code from}, from the records (rebuilds the budget after a restart). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public double costSince(Instant from) {
    Double sum =
        entityManager
            .createQuery(
                "select sum(u.costUsd) from UsageRecord u where u.createdAt >= :from", Double.class)
            .setParameter("from", from)
            .getSingleResult();
    return sum == null ? 0 : sum;
  }

  /** Per tier in [from, to): requests, prompt tokens, completion tokens, spend. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<Object[]> totalsByTier(Instant from, Instant to) {
    return entityManager
        .createQuery(
            "select u.tier, count(u), sum(u.promptTokens), sum(u.completionTokens), sum(u.costUsd)"
                + " from UsageRecord u where u.createdAt >= :from and u.createdAt < :to"
                + " and u.outcome <> com.cogniforge.gateway.usage.Outcome.REJECTED"
                + " group by u.tier",
            Object[].class)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultList();
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
