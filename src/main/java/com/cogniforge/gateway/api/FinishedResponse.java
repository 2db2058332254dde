package com.cogniforge.gateway.api;

import jakarta.json.JsonObject;

/**
 * A Responses API answer as it ended, for the store.
 *
 * @param response the whole {@code Response} object
 * @param model the model that answered
 * @param status {@code completed}, {@code incomplete} or {@code failed}
 */
record FinishedResponse(JsonObject response, String model, String status) {}
