/**
 * A provider inside the gateway for development and tests: OpenAI wire format over real HTTP,
 * deterministic text, configurable timing.
 */
package com.cogniforge.gateway.providers.simulated;
