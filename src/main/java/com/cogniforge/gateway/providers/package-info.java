/**
 * The upstream side: one non-blocking client for every OpenAI-compatible provider, the parsing of
 * its Server-Sent Events, and the kinds of upstream failure with the status a client sees for each.
 */
package com.cogniforge.gateway.providers;
