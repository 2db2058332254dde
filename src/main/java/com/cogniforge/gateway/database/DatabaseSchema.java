package com.cogniforge.gateway.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's database: defined here from configuration ({@code DATABASE_URL} and the driver's
 * {@code DATABASE_DATASOURCE} class, read by {@link ConfiguredDataSource}; by default an H2 file
 * under {@code DATA_DIR}, PostgreSQL in production), and brought to the current schema by Flyway at
 * deployment, before any request is served. Hibernate never changes the schema itself.
 */
@DataSourceDefinition(
    name = DatabaseSchema.JNDI_NAME,
    className =
        "com.cogniforge.gateway.database.ConfiguredDataSource", // reads the DATABASE_* settings
    properties = "configPrefix=DATABASE",
    minPoolSize = 1,
    maxPoolSize = 16)
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN) // Flyway manages its own transactions
public class DatabaseSchema {

  public static final String JNDI_NAME = "java:app/jdbc/gateway";

  private static final Logger LOG = Logger.getLogger(DatabaseSchema.class.getName());

  @Resource(lookup = JNDI_NAME)
  DataSource dataSource;

  @PostConstruct
  void migrate() {
    var result =
        Flyway.configure(DatabaseSchema.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        "database schema at version "
            + result.targetSchemaVersion
            + " ("
            + result.migrationsExecuted
            + " migrations applied now)");
  }
}
