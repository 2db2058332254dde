/** Every setting the gateway reads, through MicroProfile Config (environment overrides). */
package com.cogniforge.gateway.settings;
