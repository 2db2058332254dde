/**
 * One record per chat request: the JPA entity, its asynchronous writer (never on the streaming
 * path), and the JSON/CSV export.
 */
package com.cogniforge.gateway.usage;
