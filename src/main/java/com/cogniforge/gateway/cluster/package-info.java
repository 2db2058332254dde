/**
 * State that several gateway instances share: the day's budget ledger, the response cache, and
 * change notices for settings and client keys. {@link com.cogniforge.gateway.cluster.Cluster} is
 * the whole interface; a single instance uses {@link com.cogniforge.gateway.cluster.SingleNode}, a
 * Payara Micro cluster its built-in Hazelcast data grid ({@link
 * com.cogniforge.gateway.cluster.HazelcastCluster}).
 */
package com.cogniforge.gateway.cluster;
