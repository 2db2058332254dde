package com.cogniforge.gateway.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every integration test uses: the WAR that {@code mvn package} built, exactly
 * as operators deploy it, named ROOT.war so Payara Micro serves it at context root {@code /}.
 */
public final class GatewayDeployment {

  private GatewayDeployment() {}

  /**
   * The deployment's base URI on loopback. Payara Micro reports the machine's own address as its
   * host, but the tests bind it to 127.0.0.1 only (src/test/resources/loopback.asadmin).
   */
  public static URI loopback(URL reported) {
    return URI.create("http://127.0.0.1:" + reported.getPort() + "/");
  }

  public static WebArchive war() {
    File built = new File(System.getProperty("gateway.war", "target/stream-gateway.war"));
    return ShrinkWrap.create(WebArchive.class, "ROOT.war")
        .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built));
  }
}
