/**
 * The data source (H2 by default, PostgreSQL by configuration), schema migrations, and the
 * transaction platform Hibernate needs on each server.
 */
package com.cogniforge.gateway.database;
