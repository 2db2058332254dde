/**
 * Live quality of each model as the gateway sees it: latency, throughput and errors over a sliding
 * window, a health score from 0 to 1, and a circuit breaker that keeps the router away from a model
 * whose health fell below the threshold until a probe request shows it has recovered.
 */
package com.cogniforge.gateway.quality;
