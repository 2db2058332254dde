/**
 * Whether and how a chat request is served, decided in one ordered pipeline before anything goes
 * upstream: intake, route (router, key policy, budget, circuits: one final decision and its
 * reason), the key's limits, cache or join, the budget reservation, and the start of the relay.
 * Read {@link com.cogniforge.gateway.admission.Admission} top to bottom.
 */
package com.cogniforge.gateway.admission;
