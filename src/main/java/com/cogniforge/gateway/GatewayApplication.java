package com.cogniforge.gateway;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application. Mapped at the root so that both the native API ({@code /api/v1/...}) and
 * the OpenAI-compatible API ({@code /v1/...}) live in one application; servlets with exact mappings
 * (the OpenAI chat endpoint, the simulated provider) take precedence over it.
 */
@ApplicationPath("/")
public class GatewayApplication extends Application {}
