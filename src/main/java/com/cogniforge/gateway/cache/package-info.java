/**
 * The response cache (hybrid streaming): answers stored by a key over every field that changes the
 * output, bounded by size, with an adaptive time to live, shared through the cluster when there is
 * one. Joining identical calls in flight (coalescing) is the relay's, which owns streams.
 */
package com.cogniforge.gateway.cache;
