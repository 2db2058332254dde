package com.cogniforge.gateway.database;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The class {@link DatabaseSchema}'s {@code @DataSourceDefinition} names: the driver's own {@code
 * DataSource} ({@code DATABASE_DATASOURCE}) set up from MicroProfile Config ({@code DATABASE_URL},
 * {@code DATABASE_USER}, {@code DATABASE_PASSWORD}). The settings are read here rather than through
 * expressions in the annotation because each server has its own expression syntax (Payara's {@code
 * ${MPCONFIG=...}} is a plain string to WildFly); the server still pools the connections and
 * enlists them in its transactions.
 */
public class ConfiguredDataSource implements DataSource {

  private volatile String configPrefix = "DATABASE";
  private volatile DataSource driver;
  private PrintWriter logWriter;
  private int loginTimeout;

  /**
   * The settings' common prefix ({@code DATABASE}: {@code DATABASE_URL}, ...), set by the server
   * from the definition's properties. WildFly refuses a data source class without any property.
   */
  public void setConfigPrefix(String prefix) {
    this.configPrefix = prefix;
  }

  private DataSource driver() throws SQLException {
    DataSource found = driver;
    if (found == null) {
      synchronized (this) {
        if (driver == null) {
          driver = fromConfig(configPrefix);
        }
        found = driver;
      }
    }
    return found;
  }

  private static DataSource fromConfig(String prefix) throws SQLException {
    ClassLoader loader = ConfiguredDataSource.class.getClassLoader();
    Config config = ConfigProvider.getConfig(loader);
    String className = config.getValue(prefix + "_DATASOURCE", String.class);
    try {
      DataSource dataSource =
          (DataSource) Class.forName(className, true, loader).getConstructor().newInstance();
      String url = config.getValue(prefix + "_URL", String.class);
      if (!set(dataSource, "setURL", url) && !set(dataSource, "setUrl", url)) {
        throw new SQLException(className + " has no setURL or setUrl");
      }
      config
          .getOptionalValue(prefix + "_USER", String.class)
          .ifPresent(v -> set(dataSource, "setUser", v));
      config
          .getOptionalValue(prefix + "_PASSWORD", String.class)
          .ifPresent(v -> set(dataSource, "setPassword", v));
      return dataSource;
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new SQLException("cannot create " + prefix + "_DATASOURCE " + className, e);
    }
  }

  /** Calls a one-string setter if the class has it; false if it does not. */
  private static boolean set(DataSource dataSource, String setter, String value) {
    try {
      dataSource.getClass().getMethod(setter, String.class).invoke(dataSource, value);
      return true;
    } catch (NoSuchMethodException absent) {
      return false;
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(setter + " failed on " + dataSource.getClass().getName(), e);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return driver().getConnection();
  }

  /**
   * WildFly asks for connections this way even when the definition names no user, with an empty
   * one: the configured user then (PostgreSQL refuses an empty user, H2 would take it).
   */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return user == null || user.isEmpty()
        ? driver().getConnection()
        : driver().getConnection(user, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return driver().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || driver().isWrapperFor(type);
  }
}
