package com.cogniforge.gateway.budget;

/**
 * What the {@link ReservationJournal} notes of a call besides its amount, so that a call killed in
 * flight can get a usage record after the restart: its request id (which its record carries), the
 * endpoint, the model it was routed to, and whether it streamed. Any of them may be unknown (null).
 */
public record CallLabel(String requestId, String endpoint, String model, boolean streamed) {

  /** A call known by its request id alone. */
  public static CallLabel of(String requestId) {
    return new CallLabel(requestId, null, null, false);
  }
}
