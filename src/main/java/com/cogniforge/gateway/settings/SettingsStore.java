package com.cogniforge.gateway.settings;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings changed at run time and their audit log, in the database so that they survive a
 * restart and every instance reads the same. A stateless EJB for the same reason as the usage
 * store: it is called from threads where only an EJB call sets up the persistence context.
 */
@Stateless
public class SettingsStore {

  @PersistenceContext(unitName = "gateway")
  EntityManager entityManager;

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Map<String, String> all() {
    Map<String, String> values = new HashMap<>();
    for (StoredSetting setting :
        entityManager
            .createQuery("select s from StoredSetting s", StoredSetting.class)
            .getResultList()) {
      values.put(setting.name(), setting.value());
    }
    return values;
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<String> get(String name) {
    return Optional.ofNullable(entityManager.find(StoredSetting.class, name))
        .map(StoredSetting::value);
  }

  /** Stores the new values and one audit line per value, in one transaction. */
  public void save(Map<String, String> newValues, Map<String, String> oldValues, String actor) {
    for (Map.Entry<String, String> change : newValues.entrySet()) {
      StoredSetting stored = entityManager.find(StoredSetting.class, change.getKey());
      if (stored == null) {
        entityManager.persist(new StoredSetting(change.getKey(), change.getValue(), actor));
      } else {
        stored.update(change.getValue(), actor);
      }
      entityManager.persist(
          new SettingChange(
              actor, change.getKey(), oldValues.get(change.getKey()), change.getValue()));
    }
  }

  /** An audit line for a change that is not a setting (client keys), with nothing stored. */
  public void audit(String name, String oldValue, String newValue, String actor) {
    entityManager.persist(new SettingChange(actor, name, oldValue, newValue));
  }

  /** A value the gateway keeps for itself (not an operator setting), without an audit line. */
  public void saveInternal(String name, String value) {
    StoredSetting stored = entityManager.find(StoredSetting.class, name);
    if (stored == null) {
      entityManager.persist(new StoredSetting(name, value, "gateway"));
    } else {
      stored.update(value, "gateway");
    }
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<SettingChange> recentChanges(int limit) {
    return entityManager
        .createQuery("select c from SettingChange c order by c.id desc", SettingChange.class)
        .setMaxResults(limit)
        .getResultList();
  }
}
