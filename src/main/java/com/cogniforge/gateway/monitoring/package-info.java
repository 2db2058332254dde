/** Live request figures (TTFT percentiles, outcomes per model) and the health check. */
package com.cogniforge.gateway.monitoring;
