/**
 * Client API keys: stored as salted hashes, their limits (tiers, models, rates, daily budget, cap),
 * the filter that authenticates chat calls, and the admin API to create, rotate and revoke them.
 */
package com.cogniforge.gateway.keys;
