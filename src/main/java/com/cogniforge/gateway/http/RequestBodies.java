package com.cogniforge.gateway.http;

import com.cogniforge.gateway.ApiError;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a size cap, so a huge body is refused instead of buffered. */
public final class RequestBodies {

  private RequestBodies() {}

  public static byte[] read(InputStream body, int maxBytes) throws IOException {
    byte[] bytes = body.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new ApiError(
          413, "request_too_large", "the request body is larger than " + maxBytes + " bytes");
    }
    return bytes;
  }
}
