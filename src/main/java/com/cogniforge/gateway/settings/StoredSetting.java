package com.cogniforge.gateway.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A setting changed in the console; it wins over the environment's default. */
@Entity
@Table(name = "gateway_setting")
public class StoredSetting {

  @Id private String name;

  @Column(name = "setting_value", nullable = false, length = 4000)
  private String value;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "updated_by", nullable = false)
  private String updatedBy;

  protected StoredSetting() {}

  StoredSetting(String name, String value, String updatedBy) {
    this.name = name;
    update(value, updatedBy);
  }

  void update(String value, String updatedBy) {
    this.value = value;
    this.updatedBy = updatedBy;
    this.updatedAt = Instant.now();
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }
}
