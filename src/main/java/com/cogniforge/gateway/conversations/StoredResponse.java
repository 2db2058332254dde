package com.cogniforge.gateway.conversations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code stored_response} row: one Responses API answer with the conversation that led to it.
 * JSON is kept as text, read and written whole: nothing queries inside it.
 */
@Entity
@Table(name = "stored_response")
@NamedQuery(
    name = StoredResponse.PURGE,
    query = "delete from StoredResponse r where r.expiresAt <= :now")
public class StoredResponse {

  static final String PURGE = "StoredResponse.purge";

  @Id private String id;

  @Column(name = "client_key_id")
  private Long clientKeyId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(nullable = false)
  private String model;

  @Column(nullable = false)
  private String status;

  @Column(name = "input_items", nullable = false)
  private String inputItems;

  @Column(name = "response_json", nullable = false)
  private String responseJson;

  protected StoredResponse() {}

  /**
   * @param clientKeyId the key that created it, or null for an anonymous call
   * @param inputItems the whole conversation's input as a JSON array (earlier turns included)
   * @param responseJson the {@code Response} object
   */
  public StoredResponse(
      String id,
      Long clientKeyId,
      Instant createdAt,
      Instant expiresAt,
      String model,
      String status,
      String inputItems,
      String responseJson) {
    this.id = Objects.requireNonNull(id);
    this.clientKeyId = clientKeyId;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.model = model;
    this.status = status;
    this.inputItems = inputItems;
    this.responseJson = responseJson;
  }

  public String id() {
    return id;
  }

  public Long clientKeyId() {
    return clientKeyId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public String model() {
    return model;
  }

  public String status() {
    return status;
  }

  public String inputItems() {
    return inputItems;
  }

  public String responseJson() {
    return responseJson;
  }

  /** Whether {@code clientKeyId} may see it (an anonymous caller sees only anonymous ones). */
  public boolean visibleTo(Long clientKeyId) {
    return Objects.equals(this.clientKeyId, clientKeyId);
  }
}
