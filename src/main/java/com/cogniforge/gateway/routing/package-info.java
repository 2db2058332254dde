/**
 * Which tier and model serve a request, and why: the query classifier, the router (explicit model
 * or tier, intelligent routing, budget downgrades), fallback chains and the explain endpoint.
 */
package com.cogniforge.gateway.routing;
