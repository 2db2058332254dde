package com.cogniforge.gateway.console;

import java.io.IOException;

/** One page of the console, at {@code /admin/<path>} (and below it). */
interface ConsolePage {

  /** The first segment of the path after {@code /admin/}, such as {@code settings}. */
  String path();

  /** {@code action} is the rest of the path ("" for the page itself, else e.g. {@code test}). */
  void get(ConsoleExchange exchange, String action) throws IOException;

  /** Called only with a valid CSRF token. */
  default void post(ConsoleExchange exchange, String action) throws IOException {
    exchange.status(405);
    exchange.render("error", "error");
  }
}
