/** Figures over time for operators: TTFT histograms, spend per tier, usage and savings reports. */
package com.cogniforge.gateway.reports;
