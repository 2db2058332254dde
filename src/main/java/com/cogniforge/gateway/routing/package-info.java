/**
 * Which tier and models would serve a request, and why: the query classifier, the router (explicit
 * model or tier, intelligent routing, tiers the budget pauses) and fallback chains. The final
 * decision, with key policy and circuits, is admission's.
 */
package com.cogniforge.gateway.routing;
