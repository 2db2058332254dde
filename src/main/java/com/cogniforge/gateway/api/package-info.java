/**
 * The endpoints, thin: they parse their wire format (OpenAI Chat Completions, the native SSE API,
 * model list, route explanation, metrics), hand the request to admission, and write the relay's
 * frames back in their own format.
 */
package com.cogniforge.gateway.api;
