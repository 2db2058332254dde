package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.database.DatabaseSchema;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The transactional boundary of the usage records. A stateless EJB rather than a CDI bean because
 * it is called from background threads: an EJB call always sets up the component context that the
 * container needs to resolve the persistence context, a CDI bean first used there may not get one.
 */
@Stateless
public class UsageStore {

  /** A hung database fails the batch, which the writer retries, instead of holding it. */
  private static final int SAVE_TIMEOUT_SECONDS = 10;

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  @Resource(lookup = DatabaseSchema.JNDI_NAME)
  DataSource dataSource;

  /**
   * One batched insert in the container's transaction (the pooled connection is enlisted in it), so
   * a refused row rolls back its batch and the writer splits it.
   */
  public void saveAll(List<UsageRecord> records) {
    try (Connection connection = dataSource.getConnection()) {
      UsageRecordRows.insert(connection, records, SAVE_TIMEOUT_SECONDS);
    } catch (SQLException refused) {
      throw new IllegalStateException("usage records refused: " + refused.getMessage(), refused);
    }
  }

  /** Whether the database answers: tells an outage from a row it refuses. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public boolean reachable() {
    return entityManager.createNativeQuery("select 1").getSingleResult() != null;
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

  /** What one client key spent since {@code from}, from the records (its daily budget). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public double costSince(Instant from, long clientKeyId) {
    Double sum =
        entityManager
            .createQuery(
                "select sum(u.costUsd) from UsageRecord u where u.createdAt >= :from"
                    + " and u.clientKeyId = :key",
                Double.class)
            .setParameter("from", from)
            .setParameter("key", clientKeyId)
            .getSingleResult();
    return sum == null ? 0 : sum;
  }

  /**
   * What the records since {@code from} of the given requests cost, per request id and client key
   * ({@code "requestId key"}, the key {@code -} for an anonymous call): tells which journalled
   * reservations ({@code budget}) have their record after a restart.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Map<String, Double> costByRequest(Instant from, Collection<String> requestIds) {
    Map<String, Double> costs = new HashMap<>();
    List<String> ids = List.copyOf(requestIds);
    for (int start = 0; start < ids.size(); start += 500) {
      List<Object[]> rows =
          entityManager
              .createQuery(
                  "select u.requestId, u.clientKeyId, sum(u.costUsd) from UsageRecord u"
                      + " where u.createdAt >= :from and u.requestId in :ids"
                      + " group by u.requestId, u.clientKeyId",
                  Object[].class)
              .setParameter("from", from)
              .setParameter("ids", ids.subList(start, Math.min(ids.size(), start + 500)))
              .getResultList();
      for (Object[] row : rows) {
        String key = row[1] == null ? "-" : row[1].toString();
        costs.merge(
            row[0] + " " + key, row[2] == null ? 0 : ((Number) row[2]).doubleValue(), Double::sum);
      }
    }
    return costs;
  }

  /**
   * Of the given journal names ({@link RecordJournal}), those a row already carries: which
   * journalled records a killed process did write.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Set<String> journalled(Collection<String> refs) {
    Set<String> found = new HashSet<>();
    List<String> all = List.copyOf(refs);
    for (int start = 0; start < all.size(); start += 500) {
      found.addAll(
          entityManager
              .createQuery(
                  "select u.journalRef from UsageRecord u where u.journalRef in :refs",
                  String.class)
              .setParameter("refs", all.subList(start, Math.min(all.size(), start + 500)))
              .getResultList());
    }
    return found;
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

  /**
   * One page of the records that match {@code filter}: oldest first after the record with id {@code
   * afterId} (export), or newest first before the record with id {@code beforeId} (the console).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<UsageRecord> page(UsageFilter filter, long afterId, long beforeId, int size) {
    boolean newestFirst = beforeId > 0;
    TypedQuery<UsageRecord> query =
        entityManager.createQuery(
            "select u from UsageRecord u where "
                + filter.where()
                + (newestFirst
                    ? " and u.id < :beforeId order by u.id desc"
                    : " and u.id > :afterId order by u.id"),
            UsageRecord.class);
    bind(query, filter);
    if (newestFirst) {
      query.setParameter("beforeId", beforeId);
    } else {
      query.setParameter("afterId", afterId);
    }
    return query.setMaxResults(size).getResultList();
  }

  /**
   * The columns the reports need, as {@code [id, createdAt, servedModel, tier, outcome, ttftMs,
   * costUsd, cacheHit, clientKeyId]}, one page after {@code afterId}: reports read months page by
   * page.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<Object[]> reportRows(Instant from, Instant to, long afterId, int size) {
    return entityManager
        .createQuery(
            "select u.id, u.createdAt, u.servedModel, u.tier, u.outcome, u.ttftMs, u.costUsd,"
                + " u.cacheHit, u.clientKeyId from UsageRecord u"
                + " where u.createdAt >= :from and u.createdAt < :to"
                + " and u.id > :afterId order by u.id",
            Object[].class)
        .setParameter("from", from)
        .setParameter("to", to)
        .setParameter("afterId", afterId)
        .setMaxResults(size)
        .getResultList();
  }

  private static void bind(TypedQuery<?> query, UsageFilter filter) {
    query.setParameter("from", filter.from()).setParameter("to", filter.to());
    if (filter.model() != null) {
      query.setParameter("model", filter.model());
    }
    if (filter.tier() != null) {
      query.setParameter("tier", filter.tier());
    }
    if (filter.outcome() != null) {
      query.setParameter("outcome", filter.outcome());
    }
    if (filter.clientKeyId() != null) {
      query.setParameter("key", filter.clientKeyId());
    }
  }
}
