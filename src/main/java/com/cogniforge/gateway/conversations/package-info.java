/**
 * Stored Responses API answers: what {@code store} keeps and {@code previous_response_id} continues
 * (the conversation's input items and the response with its output items), each visible only to the
 * client key that created it, kept {@code RESPONSES_RETENTION_DAYS} and then purged. Writes happen
 * on a worker, never on a relay thread; a response waiting to be written is already found.
 */
package com.cogniforge.gateway.conversations;
