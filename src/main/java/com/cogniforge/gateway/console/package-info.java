/**
 * The operator console: Thymeleaf pages in English and Arabic, and the settings API behind them.
 * Pages read and change other components through their public classes, never their internals.
 */
package com.cogniforge.gateway.console;
