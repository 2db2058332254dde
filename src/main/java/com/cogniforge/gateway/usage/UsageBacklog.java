package com.cogniforge.gateway.usage;

/**
 * What the usage writer has not written (yet), for the status page and the metrics.
 *
 * @param queued records waiting to be written, retries included
 * @param dropped records refused since start because the queue was full
 * @param setAside rows the database refused again and again, since start; no longer retried
 * @param heldAside of those, how many are still kept in memory
 * @param databaseDown whether the writer is backing off because the database does not answer
 */
public record UsageBacklog(
    int queued, long dropped, long setAside, int heldAside, boolean databaseDown) {}
