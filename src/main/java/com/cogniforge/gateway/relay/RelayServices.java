package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.resilience.Hedging;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.TierModels;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What every stream shares, passed in explicitly so that the engine runs in a unit test as it runs
 * in the server.
 *
 * @param timers the one scheduler of heartbeats, hedges and chunk windows (never blocked)
 * @param workers where a long piece of work (a cache replay) continues after its turn, so that it
 *     does not keep a container thread, nor the CPU, from everyone else
 * @param ends where a relayed stream ends its client's response, which the container may never
 *     return from: never a thread that reads providers or runs the timers
 * @param options live settings, read when a stream starts
 * @param tiers which tier each model belongs to
 * @param hedging when a backup call may be sent
 * @param quality where each call's outcome is reported (health, circuits)
 * @param answers the response cache
 * @param books where finished requests are accounted
 * @param inFlight calls identical requests may join
 * @param open the streams open now
 */
public record RelayServices(
    ScheduledExecutorService timers,
    Executor workers,
    Executor ends,
    Supplier<RelayOptions> options,
    TierModels tiers,
    Hedging hedging,
    QualityMonitor quality,
    Answers answers,
    Books books,
    InFlight inFlight,
    OpenStreams open) {}
