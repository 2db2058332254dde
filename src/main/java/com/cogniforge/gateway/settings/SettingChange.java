package com.cogniforge.gateway.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the settings audit log: who changed what, when, from which value to which. */
@Entity
@Table(name = "setting_change")
public class SettingChange {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "changed_at", nullable = false)
  private Instant changedAt;

  @Column(nullable = false)
  private String actor;

  @Column(nullable = false)
  private String name;

  @Column(name = "old_value", length = 4000)
  private String oldValue;

  @Column(name = "new_value", length = 4000)
  private String newValue;

  protected SettingChange() {}

  SettingChange(String actor, String name, String oldValue, String newValue) {
    this.changedAt = Instant.now();
    this.actor = actor;
    this.name = name;
    this.oldValue = oldValue;
    this.newValue = newValue;
  }

  public Instant changedAt() {
    return changedAt;
  }

  public String actor() {
    return actor;
  }

  public String name() {
    return name;
  }

  public String oldValue() {
    return oldValue;
  }

  public String newValue() {
    return newValue;
  }
}
