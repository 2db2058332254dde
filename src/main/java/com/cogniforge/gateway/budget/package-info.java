/**
 * Money: list prices, token estimates, the daily budget with its reservations and downgrade
 * thresholds, and the savings report.
 */
package com.cogniforge.gateway.budget;
