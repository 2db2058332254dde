package com.cogniforge.gateway.database;

import java.util.Map;
import org.hibernate.engine.jndi.JndiException;
import org.hibernate.engine.jndi.spi.JndiService;
import org.hibernate.engine.transaction.jta.platform.internal.JBossAppServerJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.internal.StandardJtaPlatformResolver;
import org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformResolver;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Tells Hibernate how to reach the server's transaction manager, found by the JNDI name each server
 * publishes it under: Payara ({@code java:appserver/TransactionManager}), which Hibernate does not
 * recognise by itself, or WildFly ({@code java:jboss/TransactionManager}); anything else is left to
 * Hibernate's own detection. Named in persistence.xml as the JTA platform resolver, so that a
 * server which sets the platform itself (WildFly's JPA integration does) is not overridden.
 */
public class ServerJtaPlatform implements JtaPlatformResolver {

  @Override
  @SuppressWarnings("rawtypes") // Hibernate's signature
  public JtaPlatform resolveJtaPlatform(
      Map configurationValues, ServiceRegistryImplementor registry) {
    JndiService jndi = registry.getService(JndiService.class);
    if (bound(jndi, SunOneJtaPlatform.TM_NAME)) {
      return new SunOneJtaPlatform();
    }
    if (bound(jndi, JBossAppServerJtaPlatform.AS7_TM_NAME)) {
      return new JBossAppServerJtaPlatform();
    }
    return StandardJtaPlatformResolver.INSTANCE.resolveJtaPlatform(configurationValues, registry);
  }

  private static boolean bound(JndiService jndi, String name) {
    try {
      return jndi.locate(name) != null;
    } catch (JndiException notHere) {
      return false;
    }
  }
}
