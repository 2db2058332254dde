package com.cogniforge.gateway.routing;

import java.util.List;

/**
 * What the classifier read from a prompt.
 *
 * @param complexity 0 (trivial) to 1 (hard)
 * @param reasoning whether the prompt asks for multi-step reasoning, proof, comparison or code
 * @param urgent whether the prompt asks for speed or brevity
 * @param domain code, math, writing, analysis, extraction or general
 * @param language ar, en, zh, ru or other (by the dominant script)
 * @param signals the features that moved the score, in words, for the routing reason
 */
public record Classification(
    double complexity,
    boolean reasoning,
    boolean urgent,
    String domain,
    String language,
    int promptTokens,
    List<String> signals) {}
