package com.cogniforge.gateway.api;

import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.settings.GatewaySettings;

/** How far a client may fall behind its stream, as the live settings say when it starts. */
final class ClientLimits {

  private ClientLimits() {}

  static NonBlockingWriter.Limits of(GatewaySettings settings) {
    return new NonBlockingWriter.Limits(
        settings.clientBufferBytes(), settings.clientWriteTimeout());
  }
}
