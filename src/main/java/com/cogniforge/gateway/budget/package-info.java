/**
 * Money: list prices, the daily budget with its downgrade thresholds, and the one owner of the
 * gateway's and each client key's ledger: reserve, resize, settle.
 */
package com.cogniforge.gateway.budget;
