package com.cogniforge.gateway.console;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Numbers, money, shares and times as the operator's language writes them (Arabic uses its own
 * digits and separators). Times are UTC, like the budget day. Templates call it as {@code fmt}.
 */
public final class ConsoleFormat {

  private final Locale locale;
  private final DateTimeFormatter dateTime;

  ConsoleFormat(Locale locale) {
    this.locale = locale;
    this.dateTime =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withLocale(locale)
            .withZone(ZoneOffset.UTC);
  }

  public String number(Number value) {
    return value == null ? "—" : NumberFormat.getIntegerInstance(locale).format(value);
  }

  public String decimal(Number value, int digits) {
    if (value == null) {
      return "—";
    }
    NumberFormat format = NumberFormat.getNumberInstance(locale);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(value);
  }

  /** US dollars with enough digits for sub-cent LLM costs. */
  public String usd(Number value) {
    return value == null ? "—" : "$" + decimal(value, value.doubleValue() >= 1 ? 2 : 6);
  }

  public String percent(Number share) {
    if (share == null) {
      return "—";
    }
    NumberFormat format = NumberFormat.getPercentInstance(locale);
    format.setMaximumFractionDigits(1);
    return format.format(share);
  }

  public String millis(Number value) {
    return value == null ? "—" : number(value) + " ms";
  }

  public String time(Instant instant) {
    return instant == null ? "—" : dateTime.format(instant) + " UTC";
  }

  public String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return String.format(locale, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
