/**
 * The model catalogue: what the gateway knows of each model it may serve (the vendor's own name for
 * it, list prices, context window, largest completion, capabilities), shipped with current list
 * figures and overridden by the operator.
 */
package com.cogniforge.gateway.catalogue;
